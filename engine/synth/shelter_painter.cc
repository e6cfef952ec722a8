#include "shelter_painter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "opencv2/imgproc.hpp"
#include "random.h"
#include "value_noise.h"

namespace campcount::synth {
namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

cv::Scalar Scaled(const Rgb& c, double f) {
  return cv::Scalar(std::clamp(c.r * f, 0.0, 255.0),
                    std::clamp(c.g * f, 0.0, 255.0),
                    std::clamp(c.b * f, 0.0, 255.0));
}

Box Shifted(const Box& b, double dx, double dy) {
  return {b.xmin + dx, b.ymin + dy, b.xmax + dx, b.ymax + dy};
}

std::vector<cv::Point> ShadowHull(const Shelter& s, const SunLight& sun,
                                  const Canvas& canvas) {
  const double len = s.height_m * sun.shadow_per_height;
  std::vector<cv::Point> pts;
  for (const Point2& p : s.footprint) {
    pts.push_back(canvas.P(p));
    pts.push_back(
        canvas.P(p.x + sun.shadow_ux * len, p.y + sun.shadow_uy * len));
  }
  std::vector<cv::Point> hull;
  cv::convexHull(pts, hull);
  return hull;
}

// Half of a roof facing the sun is brighter than the half facing away.
double FaceLight(double nx, double ny, const SunLight& sun) {
  // Shadows fall away from the sun: the sun is at -shadow direction.
  const double towards_sun = -(nx * sun.shadow_ux + ny * sun.shadow_uy);
  return 0.9 + 0.1 * towards_sun;
}

void DrawTent(const Shelter& s, const SunLight& sun, Canvas& canvas) {
  const std::vector<Point2>& c = s.footprint;
  if (s.style == 0) {
    // Ridge along the long side: two roof halves.
    const Point2 r0{0.5 * (c[0].x + c[3].x), 0.5 * (c[0].y + c[3].y)};
    const Point2 r1{0.5 * (c[1].x + c[2].x), 0.5 * (c[1].y + c[2].y)};
    const double nx = -std::sin(s.angle), ny = std::cos(s.angle);
    const std::array<cv::Point, 4> half_a = {canvas.P(c[0]), canvas.P(c[1]),
                                             canvas.P(r1), canvas.P(r0)};
    const std::array<cv::Point, 4> half_b = {canvas.P(r0), canvas.P(r1),
                                             canvas.P(c[2]), canvas.P(c[3])};
    cv::fillConvexPoly(canvas.rgb, half_a.data(), 4,
                       Scaled(s.colour, FaceLight(nx, ny, sun)), cv::LINE_AA,
                       kDrawShift);
    cv::fillConvexPoly(canvas.rgb, half_b.data(), 4,
                       Scaled(s.colour, FaceLight(-nx, -ny, sun)), cv::LINE_AA,
                       kDrawShift);
    const int ridge_px = std::max(1, static_cast<int>(0.2 / canvas.gsd));
    cv::line(canvas.rgb, canvas.P(r0), canvas.P(r1), Scaled(s.colour, 0.82),
             ridge_px, cv::LINE_AA, kDrawShift);
  } else {
    // Flat sheeting over a frame: one tone, darker seams at the edges.
    std::array<cv::Point, 4> pts;
    for (int i = 0; i < 4; ++i) pts[i] = canvas.P(c[i]);
    cv::fillConvexPoly(canvas.rgb, pts.data(), 4, Scaled(s.colour, 0.97),
                       cv::LINE_AA, kDrawShift);
    cv::polylines(canvas.rgb, std::vector<cv::Point>(pts.begin(), pts.end()),
                  true, Scaled(s.colour, 0.8), 1, cv::LINE_AA, kDrawShift);
  }
}

void DrawBuilding(const Shelter& s, const SunLight& sun, Canvas& canvas) {
  const std::vector<Point2>& c = s.footprint;
  std::array<cv::Point, 4> pts;
  for (int i = 0; i < 4; ++i) pts[i] = canvas.P(c[i]);
  cv::fillConvexPoly(canvas.rgb, pts.data(), 4, Scaled(s.colour, 1.0),
                     cv::LINE_AA, kDrawShift);
  const double ux = std::cos(s.angle), uy = std::sin(s.angle);
  const double vx = -uy, vy = ux;
  if (s.style == 0) {
    // Corrugated sheet: faint lines across the roof every ~0.8 m.
    for (double d = -0.5 * s.length_m + 0.8; d < 0.5 * s.length_m; d += 0.8) {
      const Point2 a{s.cx + ux * d + vx * 0.5 * s.width_m,
                     s.cy + uy * d + vy * 0.5 * s.width_m};
      const Point2 b{s.cx + ux * d - vx * 0.5 * s.width_m,
                     s.cy + uy * d - vy * 0.5 * s.width_m};
      cv::line(canvas.rgb, canvas.P(a), canvas.P(b), Scaled(s.colour, 0.9), 1,
               cv::LINE_AA, kDrawShift);
    }
  } else {
    // Hipped roof: four faces meeting at a short ridge.
    const double half_ridge = 0.5 * std::max(0.0, s.length_m - s.width_m);
    const Point2 r0{s.cx + ux * half_ridge, s.cy + uy * half_ridge};
    const Point2 r1{s.cx - ux * half_ridge, s.cy - uy * half_ridge};
    const std::array<std::array<Point2, 4>, 2> long_faces = {
        std::array<Point2, 4>{c[0], c[1], r1, r0},
        std::array<Point2, 4>{c[2], c[3], r0, r1}};
    const double normals[2][2] = {{vx, vy}, {-vx, -vy}};
    for (int i = 0; i < 2; ++i) {
      std::array<cv::Point, 4> face;
      for (int k = 0; k < 4; ++k) face[k] = canvas.P(long_faces[i][k]);
      cv::fillConvexPoly(
          canvas.rgb, face.data(), 4,
          Scaled(s.colour, FaceLight(normals[i][0], normals[i][1], sun)),
          cv::LINE_AA, kDrawShift);
    }
    const std::array<std::array<Point2, 3>, 2> ends = {
        std::array<Point2, 3>{c[3], c[0], r0},
        std::array<Point2, 3>{c[1], c[2], r1}};
    const double end_normals[2][2] = {{ux, uy}, {-ux, -uy}};
    for (int i = 0; i < 2; ++i) {
      std::array<cv::Point, 3> face;
      for (int k = 0; k < 3; ++k) face[k] = canvas.P(ends[i][k]);
      cv::fillConvexPoly(canvas.rgb, face.data(), 3,
                         Scaled(s.colour, FaceLight(end_normals[i][0],
                                                    end_normals[i][1], sun)),
                         cv::LINE_AA, kDrawShift);
    }
  }
  cv::polylines(canvas.rgb, std::vector<cv::Point>(pts.begin(), pts.end()),
                true, Scaled(s.colour, 0.7), 1, cv::LINE_AA, kDrawShift);
}

void DrawMakeshift(const Shelter& s, Canvas& canvas) {
  std::vector<cv::Point> pts;
  for (const Point2& p : s.footprint) pts.push_back(canvas.P(p));
  // Patchwork: draw into a mask, then vary the colour with noise keyed to
  // the image so every window sees the same patches.
  const Box ext = Box{s.bounds.xmin / canvas.gsd - 2 - canvas.x0,
                      s.bounds.ymin / canvas.gsd - 2 - canvas.y0,
                      s.bounds.xmax / canvas.gsd + 2 - canvas.x0,
                      s.bounds.ymax / canvas.gsd + 2 - canvas.y0};
  const int x0 = std::max(0, static_cast<int>(std::floor(ext.xmin)));
  const int y0 = std::max(0, static_cast<int>(std::floor(ext.ymin)));
  const int x1 =
      std::min(canvas.rgb.cols, static_cast<int>(std::ceil(ext.xmax)));
  const int y1 =
      std::min(canvas.rgb.rows, static_cast<int>(std::ceil(ext.ymax)));
  if (x0 >= x1 || y0 >= y1) return;
  cv::Mat roi_mask(y1 - y0, x1 - x0, CV_8UC1, cv::Scalar(0));
  std::vector<cv::Point> local;
  for (const cv::Point& p : pts) {
    local.push_back(
        cv::Point(p.x - x0 * (1 << kDrawShift), p.y - y0 * (1 << kDrawShift)));
  }
  cv::fillPoly(roi_mask, std::vector<std::vector<cv::Point>>{local},
               cv::Scalar(255), cv::LINE_AA, kDrawShift);
  const double cell = 0.9 / canvas.gsd;
  for (int r = y0; r < y1; ++r) {
    const uint8_t* m = roi_mask.ptr<uint8_t>(r - y0);
    uint8_t* p = canvas.rgb.ptr<uint8_t>(r);
    for (int c = x0; c < x1; ++c) {
      if (m[c - x0] == 0) continue;
      const double n =
          ValueNoise(s.texture_seed, cell, static_cast<double>(canvas.x0 + c),
                     static_cast<double>(canvas.y0 + r));
      const double f = 0.72 + 0.5 * n;
      const double a = m[c - x0] / 255.0;
      const double rgb[3] = {s.colour.r, s.colour.g, s.colour.b};
      for (int k = 0; k < 3; ++k) {
        const double v = std::clamp(rgb[k] * f, 0.0, 255.0);
        p[3 * c + k] = static_cast<uint8_t>(
            std::lround(p[3 * c + k] + (v - p[3 * c + k]) * a));
      }
    }
  }
}

void DrawTree(const Tree& tree, const SunLight& sun, Canvas& canvas) {
  const Tree* t = &tree;
  for (const TreeLobe& l : t->lobes) {
    cv::circle(canvas.rgb, canvas.P(t->cx + l.dx, t->cy + l.dy),
               canvas.Radius(l.radius), Scaled(t->colour, l.shade), cv::FILLED,
               cv::LINE_AA, kDrawShift);
  }
  // A lit side towards the sun, so crowns look round rather than flat.
  for (const TreeLobe& l : t->lobes) {
    const double off = 0.3 * l.radius;
    cv::circle(canvas.rgb,
               canvas.P(t->cx + l.dx - sun.shadow_ux * off,
                        t->cy + l.dy - sun.shadow_uy * off),
               canvas.Radius(0.45 * l.radius), Scaled(t->colour, 1.3 * l.shade),
               cv::FILLED, cv::LINE_AA, kDrawShift);
  }
}

}  // namespace

SunLight SunFor(double azimuth_deg, double elevation_deg, double haze) {
  SunLight sun;
  // The sun is at (east, north) = (sin az, cos az); shadows point away, and
  // image y points south.
  sun.shadow_ux = -std::sin(azimuth_deg * kDeg);
  sun.shadow_uy = std::cos(azimuth_deg * kDeg);
  sun.shadow_per_height = 1.0 / std::tan(elevation_deg * kDeg);
  sun.shadow_keep = 0.42 + 0.5 * haze;
  return sun;
}

Box InkBounds(const Shelter& s, const SunLight& sun) {
  const double len = s.height_m * sun.shadow_per_height;
  return s.bounds
      .Union(Shifted(s.bounds, sun.shadow_ux * len, sun.shadow_uy * len))
      .Inflated(0.5);
}

Box InkBounds(const Tree& t, const SunLight& sun) {
  const double len = t.height_m * sun.shadow_per_height;
  return t.crown
      .Union(Shifted(t.crown, sun.shadow_ux * len, sun.shadow_uy * len))
      .Inflated(0.5);
}

void DrawShadows(const std::vector<const Shelter*>& shelters,
                 const std::vector<const Tree*>& trees, const SunLight& sun,
                 Canvas& canvas) {
  Canvas mask;
  mask.x0 = canvas.x0;
  mask.y0 = canvas.y0;
  mask.gsd = canvas.gsd;
  mask.rgb = cv::Mat(canvas.rgb.size(), CV_8UC1, cv::Scalar(0));
  for (const Shelter* s : shelters) {
    mask.DrawUnclipped(InkBounds(*s, sun), [&](Canvas& c) {
      cv::fillConvexPoly(c.rgb, ShadowHull(*s, sun, c), cv::Scalar(255),
                         cv::LINE_AA, kDrawShift);
    });
  }
  for (const Tree* t : trees) {
    const double len = t->height_m * sun.shadow_per_height;
    mask.DrawUnclipped(InkBounds(*t, sun), [&](Canvas& c) {
      for (const TreeLobe& l : t->lobes) {
        cv::circle(c.rgb,
                   c.P(t->cx + l.dx + sun.shadow_ux * len,
                       t->cy + l.dy + sun.shadow_uy * len),
                   c.Radius(l.radius), cv::Scalar(255), cv::FILLED, cv::LINE_AA,
                   kDrawShift);
      }
    });
  }
  const float keep = static_cast<float>(sun.shadow_keep);
  for (int r = 0; r < mask.rgb.rows; ++r) {
    const uint8_t* m = mask.rgb.ptr<uint8_t>(r);
    uint8_t* p = canvas.rgb.ptr<uint8_t>(r);
    for (int c = 0; c < mask.rgb.cols; ++c) {
      if (m[c] == 0) continue;
      const float f = 1.0f - (1.0f - keep) * (m[c] / 255.0f);
      // Shadows are lit by the blue sky: a touch less red.
      p[3 * c + 0] = static_cast<uint8_t>(p[3 * c + 0] * f * 0.96f);
      p[3 * c + 1] = static_cast<uint8_t>(p[3 * c + 1] * f);
      p[3 * c + 2] =
          static_cast<uint8_t>(std::min(255.0f, p[3 * c + 2] * f * 1.05f));
    }
  }
}

void DrawShelters(const std::vector<const Shelter*>& shelters,
                  const SunLight& sun, Canvas& canvas) {
  for (const Shelter* s : shelters) {
    switch (s->kind) {
      case ShelterKind::kTent:
        canvas.DrawUnclipped(s->bounds,
                             [&](Canvas& c) { DrawTent(*s, sun, c); });
        break;
      case ShelterKind::kBuilding:
        canvas.DrawUnclipped(s->bounds,
                             [&](Canvas& c) { DrawBuilding(*s, sun, c); });
        break;
      case ShelterKind::kMakeshift:
        canvas.DrawUnclipped(s->bounds,
                             [&](Canvas& c) { DrawMakeshift(*s, c); });
        break;
    }
  }
}

void DrawTrees(const std::vector<const Tree*>& trees, const SunLight& sun,
               Canvas& canvas) {
  for (const Tree* t : trees) {
    canvas.DrawUnclipped(t->crown, [&](Canvas& c) { DrawTree(*t, sun, c); });
  }
}

}  // namespace campcount::synth
