#include "ground_texture.h"

#include <algorithm>
#include <cmath>

#include "opencv2/imgproc.hpp"
#include "random.h"
#include "value_noise.h"

namespace campcount::synth {
namespace {

struct Colour3 {
  float r, g, b;
};

}  // namespace

void PaintGround(uint64_t seed, double greenness, Canvas& canvas) {
  cv::Mat& img = canvas.rgb;
  const double gsd = canvas.gsd;
  // Laterite from dark red-brown through ochre to pale dusty patches.
  const Colour3 dark{128, 72, 46}, mid{166, 100, 66}, light{200, 146, 104};
  const Colour3 green{92, 104, 54};
  const int n = img.cols;
  std::vector<float> n1(n), n2(n), n3(n), n4(n), veg(n);
  const uint64_t s1 = SubSeed(seed, 1), s2 = SubSeed(seed, 2),
                 s3 = SubSeed(seed, 3), s4 = SubSeed(seed, 4),
                 s5 = SubSeed(seed, 5), grain = SubSeed(seed, 6);
  for (int r = 0; r < img.rows; ++r) {
    const int64_t gy = canvas.y0 + r;
    NoiseRow(s1, 70.0 / gsd, gy, canvas.x0, n, n1.data());
    NoiseRow(s2, 14.0 / gsd, gy, canvas.x0, n, n2.data());
    NoiseRow(s3, 3.0 / gsd, gy, canvas.x0, n, n3.data());
    NoiseRow(s4, 0.9 / gsd, gy, canvas.x0, n, n4.data());
    NoiseRow(s5, 25.0 / gsd, gy, canvas.x0, n, veg.data());
    auto* p = img.ptr<uint8_t>(r);
    for (int c = 0; c < n; ++c) {
      double t = 0.5 * n1[c] + 0.27 * n2[c] + 0.15 * n3[c] + 0.08 * n4[c];
      t = std::clamp((t - 0.5) * 1.7 + 0.5, 0.0, 1.0);
      const Colour3& lo = t < 0.5 ? dark : mid;
      const Colour3& hi = t < 0.5 ? mid : light;
      const float f = static_cast<float>(t < 0.5 ? 2 * t : 2 * t - 1);
      float rr = lo.r + (hi.r - lo.r) * f;
      float gg = lo.g + (hi.g - lo.g) * f;
      float bb = lo.b + (hi.b - lo.b) * f;
      // Grass and shrubs in patches, more of them in the rainy season.
      const double v = std::clamp(
          (veg[c] + 0.35 * n3[c] - 1.05 + 0.75 * greenness) * 2.5, 0.0, 0.8);
      if (v > 0) {
        const auto fv = static_cast<float>(v);
        rr += (green.r - rr) * fv;
        gg += (green.g - gg) * fv;
        bb += (green.b - bb) * fv;
      }
      // Pebbles and footprints: a fine speckle.
      const double h = Hash01(grain, canvas.x0 + c, gy);
      const float speck = h < 0.03 ? -18.0f : (h > 0.985 ? 14.0f : 0.0f);
      p[3 * c + 0] = static_cast<uint8_t>(std::clamp(rr + speck, 0.0f, 255.0f));
      p[3 * c + 1] = static_cast<uint8_t>(std::clamp(gg + speck, 0.0f, 255.0f));
      p[3 * c + 2] = static_cast<uint8_t>(std::clamp(bb + speck, 0.0f, 255.0f));
    }
  }
}

namespace {

// Coverage (0..1) of a band of half-width `half_m` around a polyline, per
// canvas pixel, computed from each pixel centre's distance to the segments:
// exact in image coordinates, so independent of the window drawn.
cv::Mat PolylineCoverage(const std::vector<Point2>& points, bool closed,
                         double half_m, const Canvas& canvas) {
  cv::Mat cover(canvas.rgb.size(), CV_32FC1, cv::Scalar(0));
  const double gsd = canvas.gsd;
  const size_t n = points.size();
  const size_t segments = closed ? n : n - 1;
  for (size_t i = 0; i < segments; ++i) {
    const Point2& a = points[i];
    const Point2& b = points[(i + 1) % n];
    const Box box = Box{std::min(a.x, b.x), std::min(a.y, b.y),
                        std::max(a.x, b.x), std::max(a.y, b.y)}
                        .Inflated(half_m + gsd);
    const int c0 = std::max<int64_t>(
        0, static_cast<int64_t>(std::floor(box.xmin / gsd)) - canvas.x0);
    const int r0 = std::max<int64_t>(
        0, static_cast<int64_t>(std::floor(box.ymin / gsd)) - canvas.y0);
    const int c1 = std::min<int64_t>(
        cover.cols,
        static_cast<int64_t>(std::ceil(box.xmax / gsd)) - canvas.x0);
    const int r1 = std::min<int64_t>(
        cover.rows,
        static_cast<int64_t>(std::ceil(box.ymax / gsd)) - canvas.y0);
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    for (int r = r0; r < r1; ++r) {
      const double py = (static_cast<double>(canvas.y0 + r) + 0.5) * gsd;
      float* out = cover.ptr<float>(r);
      for (int c = c0; c < c1; ++c) {
        const double px = (static_cast<double>(canvas.x0 + c) + 0.5) * gsd;
        double t = len2 > 0 ? ((px - a.x) * dx + (py - a.y) * dy) / len2 : 0;
        t = std::clamp(t, 0.0, 1.0);
        const double d = std::hypot(px - a.x - t * dx, py - a.y - t * dy);
        const auto v =
            static_cast<float>(std::clamp((half_m - d) / gsd + 0.5, 0.0, 1.0));
        out[c] = std::max(out[c], v);
      }
    }
  }
  return cover;
}

}  // namespace

void DrawTracks(const std::vector<Track>& tracks, Canvas& canvas) {
  const Box extent = canvas.Extent();
  for (const Track& t : tracks) {
    if (!BoundsOf(t.points).Inflated(t.width_m).Intersects(extent)) continue;
    const cv::Mat cover =
        PolylineCoverage(t.points, false, 0.5 * t.width_m, canvas);
    // A compacted, dusty surface: lighter, less saturated, less texture.
    for (int r = 0; r < cover.rows; ++r) {
      const float* m = cover.ptr<float>(r);
      uint8_t* p = canvas.rgb.ptr<uint8_t>(r);
      for (int c = 0; c < cover.cols; ++c) {
        if (m[c] <= 0) continue;
        const float a = m[c];
        const float mean = (p[3 * c] + p[3 * c + 1] + p[3 * c + 2]) / 3.0f;
        for (int k = 0; k < 3; ++k) {
          const float smooth = (0.6f * p[3 * c + k] + 0.4f * mean + 12.0f) *
                               static_cast<float>(t.lightness);
          const float v = p[3 * c + k] + (smooth - p[3 * c + k]) * a;
          p[3 * c + k] = static_cast<uint8_t>(std::clamp(v, 0.0f, 255.0f));
        }
      }
    }
  }
}

void DrawFences(const std::vector<Fence>& fences, Canvas& canvas) {
  const Box extent = canvas.Extent();
  const float wire[3] = {70, 52, 40};
  for (const Fence& f : fences) {
    if (!BoundsOf(f.points).Inflated(2).Intersects(extent)) continue;
    // Wire and posts: about 0.15 m wide, drawn as a faint line at least a
    // third of a pixel strong.
    const cv::Mat cover = PolylineCoverage(
        f.points, f.closed, std::max(0.08, 0.2 * canvas.gsd), canvas);
    for (int r = 0; r < cover.rows; ++r) {
      const float* m = cover.ptr<float>(r);
      uint8_t* p = canvas.rgb.ptr<uint8_t>(r);
      for (int c = 0; c < cover.cols; ++c) {
        if (m[c] <= 0) continue;
        const float a = 0.7f * m[c];
        for (int k = 0; k < 3; ++k) {
          p[3 * c + k] =
              static_cast<uint8_t>(p[3 * c + k] + (wire[k] - p[3 * c + k]) * a);
        }
      }
    }
    const size_t n = f.points.size();
    for (size_t i = 0; i < (f.closed ? n : n - 1); ++i) {
      const Point2& a = f.points[i];
      const Point2& b = f.points[(i + 1) % n];
      const double len = std::hypot(b.x - a.x, b.y - a.y);
      for (double d = 0; d < len; d += f.post_spacing_m) {
        const double t = d / len;
        const Point2 post{a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
        canvas.DrawUnclipped(Box{post.x, post.y, post.x, post.y}.Inflated(0.3),
                             [&](Canvas& c) {
                               cv::circle(c.rgb, c.P(post), c.Radius(0.13),
                                          cv::Scalar(45, 35, 28), cv::FILLED,
                                          cv::LINE_AA, kDrawShift);
                             });
      }
    }
  }
}

}  // namespace campcount::synth
