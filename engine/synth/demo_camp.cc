#include "demo_camp.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <mutex>
#include <numbers>
#include <random>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "opencv2/core.hpp"
#include "opencv2/imgproc.hpp"
#include "random.h"
#include "scene_objects.h"
#include "spacing_index.h"

namespace campcount::synth {
namespace {

constexpr double kPi = std::numbers::pi;
// Free space kept between any two tents (axis-aligned boxes), metres.
constexpr double kTentSpacingM = 2.0;
// Free space between a tree (crown and shadow) and any tent, metres.
constexpr double kTreeSpacingM = 1.5;
constexpr double kTentHeightM = 2.0;
// Rows rendered and written at once; a multiple of the 256 px block edge,
// so every chunk fills whole blocks and GDAL can flush them right away.
constexpr int kStripRows = 512;
constexpr int kChunkCols = 2048;
constexpr int kBlockSize = 256;
// Sub-pixel bits for OpenCV drawing (1/16 px).
constexpr int kShift = 4;
constexpr double kShiftScale = 1 << kShift;

// A value in [0, 1) that depends only on (seed, salt, x, y): the texture of a
// pixel is the same whichever chunk renders it, so chunks join seamlessly.
double Hash01(uint64_t seed, uint64_t salt, int64_t x, int64_t y) {
  uint64_t h = Mix(seed ^ Mix(salt ^ Mix(static_cast<uint64_t>(x) ^
                                         Mix(static_cast<uint64_t>(y)))));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

// Smooth value noise in [0, 1) on a lattice of unit spacing.
double ValueNoise(uint64_t seed, uint64_t salt, double u, double v) {
  const double fu = std::floor(u), fv = std::floor(v);
  const auto x0 = static_cast<int64_t>(fu), y0 = static_cast<int64_t>(fv);
  double tx = u - fu, ty = v - fv;
  tx = tx * tx * (3 - 2 * tx);
  ty = ty * ty * (3 - 2 * ty);
  const double a = Hash01(seed, salt, x0, y0);
  const double b = Hash01(seed, salt, x0 + 1, y0);
  const double c = Hash01(seed, salt, x0, y0 + 1);
  const double d = Hash01(seed, salt, x0 + 1, y0 + 1);
  return (a + (b - a) * tx) + ((c + (d - c) * tx) - (a + (b - a) * tx)) * ty;
}

// The generator's box type: same fields and operations.
using Rect = Box;

struct Color {
  double r = 0, g = 0, b = 0;
  cv::Scalar Scaled(double f) const {
    return cv::Scalar(std::clamp(r * f, 0.0, 255.0),
                      std::clamp(g * f, 0.0, 255.0),
                      std::clamp(b * f, 0.0, 255.0));
  }
};

// Everything needed to draw one tent, in pixels.
struct TentShape {
  double cx = 0, cy = 0, half_len = 0, half_wid = 0, angle = 0;
  Color color;
  bool in_row = false;
  // The axis-aligned box of the footprint, and of footprint plus shadow.
  Rect box;
  Rect ink;
};

struct Lobe {
  double dx = 0, dy = 0, radius = 0, shade = 1;
};

struct TreeShape {
  double cx = 0, cy = 0;
  std::vector<Lobe> lobes;
  double shadow_dx = 0, shadow_dy = 0;
  Color color;
  Rect ink;
};

struct Plan {
  DemoCampOptions options;
  std::vector<TentShape> tents;
  std::vector<TreeShape> trees;
  // Unit vector (pixels) in which shadows fall, and tent shadow length (px).
  double shadow_ux = 0, shadow_uy = -1, tent_shadow_px = 0;
  // Sun elevation as tan(elevation); tree shadows scale with tree height.
  double tan_sun_elevation = 2;
  // Where the tents are (pixels).
  Rect camp;
};

Rect RotatedBox(double cx, double cy, double half_len, double half_wid,
                double angle) {
  const double c = std::abs(std::cos(angle)), s = std::abs(std::sin(angle));
  const double ex = half_len * c + half_wid * s;
  const double ey = half_len * s + half_wid * c;
  return {cx - ex, cy - ey, cx + ex, cy + ey};
}

std::array<cv::Point2d, 4> Corners(const TentShape& t) {
  const double c = std::cos(t.angle), s = std::sin(t.angle);
  const double lx = c * t.half_len, ly = s * t.half_len;
  const double wx = -s * t.half_wid, wy = c * t.half_wid;
  return {cv::Point2d(t.cx + lx + wx, t.cy + ly + wy),
          cv::Point2d(t.cx - lx + wx, t.cy - ly + wy),
          cv::Point2d(t.cx - lx - wx, t.cy - ly - wy),
          cv::Point2d(t.cx + lx - wx, t.cy + ly - wy)};
}

absl::Status ValidateOptions(const DemoCampOptions& o) {
  if (o.width_px < 64 || o.height_px < 64 || o.width_px > 200000 ||
      o.height_px > 200000) {
    return absl::InvalidArgumentError(
        absl::StrCat("image size must be 64..200000 px per side, got ",
                     o.width_px, " x ", o.height_px));
  }
  if (!(o.gsd_m > 0.01 && o.gsd_m <= 5.0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "gsd_m must lie in (0.01, 5] m/pixel so tents stay visible, got ",
        o.gsd_m));
  }
  if (o.tent_count < 0) {
    return absl::InvalidArgumentError("tent_count must not be negative");
  }
  if (!(o.row_fraction >= 0 && o.row_fraction <= 1)) {
    return absl::InvalidArgumentError("row_fraction must lie in [0, 1]");
  }
  if (!(o.margin_fraction >= 0 && o.margin_fraction < 0.45)) {
    return absl::InvalidArgumentError("margin_fraction must lie in [0, 0.45)");
  }
  absl::CivilDay day;
  if (o.acquisition_date.size() != 10 ||
      !absl::ParseCivilTime(o.acquisition_date, &day)) {
    return absl::InvalidArgumentError(
        absl::StrCat("acquisition_date must be YYYY-MM-DD, got \"",
                     o.acquisition_date, "\""));
  }
  OGRSpatialReference srs;
  if (srs.importFromEPSG(o.epsg) != OGRERR_NONE) {
    return absl::InvalidArgumentError(
        absl::StrCat("EPSG:", o.epsg, " is not a CRS GDAL knows"));
  }
  return absl::OkStatus();
}

Color TentColor(Rng& rng) {
  const double kind = rng.Uniform();
  Color c;
  if (kind < 0.45) {  // white canvas / plastic sheeting
    const double v = rng.Uniform(232, 250);
    c = {v, v - rng.Uniform(0, 4), v - rng.Uniform(2, 10)};
  } else if (kind < 0.75) {  // light grey, weathered
    const double v = rng.Uniform(190, 218);
    c = {v, v + rng.Uniform(-1, 2), v + rng.Uniform(0, 5)};
  } else {  // beige canvas
    const double v = rng.Uniform(218, 236);
    c = {v, v - rng.Uniform(12, 22), v - rng.Uniform(42, 58)};
  }
  return c;
}

TentShape MakeTent(const Plan& plan, double cx, double cy, double len_m,
                   double wid_m, double angle, Rng& rng) {
  const double gsd = plan.options.gsd_m;
  TentShape t;
  t.cx = cx;
  t.cy = cy;
  t.half_len = 0.5 * len_m / gsd;
  t.half_wid = 0.5 * wid_m / gsd;
  t.angle = angle;
  t.color = TentColor(rng);
  t.box = RotatedBox(cx, cy, t.half_len, t.half_wid, angle);
  Rect shadow = t.box;
  shadow.xmin += plan.shadow_ux * plan.tent_shadow_px;
  shadow.xmax += plan.shadow_ux * plan.tent_shadow_px;
  shadow.ymin += plan.shadow_uy * plan.tent_shadow_px;
  shadow.ymax += plan.shadow_uy * plan.tent_shadow_px;
  t.ink = t.box.Union(shadow).Inflated(2);
  return t;
}

bool Inside(const Rect& r, const Rect& area) {
  return r.xmin >= area.xmin && r.ymin >= area.ymin && r.xmax <= area.xmax &&
         r.ymax <= area.ymax;
}

// Places the tents (rows first, then scatter) and the trees.
absl::StatusOr<Plan> MakePlan(const DemoCampOptions& options) {
  if (absl::Status s = ValidateOptions(options); !s.ok()) return s;
  Plan plan;
  plan.options = options;
  Rng rng(options.seed);
  const double gsd = options.gsd_m;
  const double w = static_cast<double>(options.width_px);
  const double h = static_cast<double>(options.height_px);

  // One sun for the whole image: shadows fall roughly northwards (up), as in
  // morning imagery of the Sahel.
  const double shadow_dir = -kPi / 2 + rng.Uniform(-0.9, 0.9);
  plan.shadow_ux = std::cos(shadow_dir);
  plan.shadow_uy = std::sin(shadow_dir);
  plan.tan_sun_elevation = rng.Uniform(1.6, 2.4);
  plan.tent_shadow_px = kTentHeightM / plan.tan_sun_elevation / gsd;

  const double border =
      std::max(kTentSpacingM / gsd + plan.tent_shadow_px, 4.0);
  const Rect area{std::max(border, options.margin_fraction * w),
                  std::max(border, options.margin_fraction * h),
                  w - std::max(border, options.margin_fraction * w),
                  h - std::max(border, options.margin_fraction * h)};
  if (options.tent_count > 0 && (area.xmax - area.xmin < 8.0 / gsd ||
                                 area.ymax - area.ymin < 8.0 / gsd)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "the image (%.0f x %.0f m inside its margin) is too small for a tent",
        (area.xmax - area.xmin) * gsd, (area.ymax - area.ymin) * gsd));
  }

  // The camp: a rectangle sized for ~300 m² per tent (plots, paths and
  // open space), inside the margin; the rest of the image is open ground.
  Rect camp = area;
  if (options.tent_count > 0) {
    const double needed_px2 = options.tent_count * 300.0 / (gsd * gsd);
    const double aspect = rng.Uniform(0.7, 1.4);
    const double area_w = area.xmax - area.xmin, area_h = area.ymax - area.ymin;
    const double camp_w =
        std::clamp(std::sqrt(needed_px2 * aspect), 0.35 * area_w, area_w);
    const double camp_h =
        std::clamp(std::sqrt(needed_px2 / aspect), 0.35 * area_h, area_h);
    // Roughly centred, as an analyst would frame a camp.
    camp.xmin = area.xmin + (area_w - camp_w) * rng.Uniform(0.3, 0.7);
    camp.ymin = area.ymin + (area_h - camp_h) * rng.Uniform(0.3, 0.7);
    camp.xmax = camp.xmin + camp_w;
    camp.ymax = camp.ymin + camp_h;
  }
  plan.camp = camp;

  const double gap_px = kTentSpacingM / gsd;
  SpacingIndex index(16.0 / gsd);
  auto try_place = [&](TentShape t, bool in_row) {
    if (!Inside(t.box, camp) || !index.IsFree(t.box, gap_px)) return;
    index.Insert(t.box);
    t.in_row = in_row;
    plan.tents.push_back(t);
  };

  // Row blocks: one tent model per block, laid out on a slightly rotated
  // grid, with gaps where a plot is empty or a tent would crowd another.
  const int row_target =
      static_cast<int>(std::lround(options.tent_count * options.row_fraction));
  for (int block = 0;
       static_cast<int>(plan.tents.size()) < row_target && block < 400;
       ++block) {
    const double len_m = rng.Uniform(4.5, 6.5);
    const double wid_m = rng.Uniform(3.5, std::min(len_m, 5.0));
    double phi = rng.Uniform(-0.35, 0.35);
    if (rng.Chance(0.3)) phi += kPi / 2;
    const Rect model = RotatedBox(0, 0, 0.5 * len_m, 0.5 * wid_m, phi);
    const double ex = model.xmax, ey = model.ymax;  // half extents, metres
    const double c = std::abs(std::cos(phi)), s = std::abs(std::sin(phi));
    const double slack_m = 0.8;
    // Pitches that keep neighbouring boxes kTentSpacingM apart.
    const double along_m = (c >= s ? (2 * ex + kTentSpacingM + slack_m) / c
                                   : (2 * ey + kTentSpacingM + slack_m) / s) +
                           rng.Uniform(0, 2.5);
    const double across_m = (c >= s ? (2 * ey + kTentSpacingM + slack_m) / c
                                    : (2 * ex + kTentSpacingM + slack_m) / s) +
                            rng.Uniform(0.5, 4.0);
    const int rows = rng.UniformInt(2, 6);
    const int cols = rng.UniformInt(4, 14);
    const double bx = rng.Uniform(camp.xmin, camp.xmax);
    const double by = rng.Uniform(camp.ymin, camp.ymax);
    const double dx = std::cos(phi), dy = std::sin(phi);
    for (int r = 0; r < rows; ++r) {
      for (int k = 0; k < cols; ++k) {
        if (static_cast<int>(plan.tents.size()) >= row_target) break;
        if (rng.Chance(0.06)) continue;  // an empty plot
        const double a = (k - 0.5 * (cols - 1)) * along_m / gsd;
        const double b = (r - 0.5 * (rows - 1)) * across_m / gsd;
        const double jitter = 0.25 / gsd;
        const double cx = bx + a * dx - b * dy + rng.Uniform(-jitter, jitter);
        const double cy = by + a * dy + b * dx + rng.Uniform(-jitter, jitter);
        const double angle = phi + rng.Uniform(-0.04, 0.04);
        TentShape t = MakeTent(plan, cx, cy, len_m + rng.Uniform(-0.1, 0.1),
                               wid_m + rng.Uniform(-0.1, 0.1), angle, rng);
        try_place(t, true);
      }
    }
  }

  // Scatter: half anywhere in the camp, half next to an existing tent, so
  // informal extensions cluster as they do in real camps.
  const int64_t max_attempts = 2000 + 400LL * options.tent_count;
  for (int64_t attempt = 0;
       static_cast<int>(plan.tents.size()) < options.tent_count &&
       attempt < max_attempts;
       ++attempt) {
    const double len_m = rng.Uniform(4.0, 7.0);
    const double wid_m = rng.Uniform(3.5, std::min(len_m, 5.5));
    const double angle = rng.Uniform(0, kPi);
    double cx, cy;
    if (!plan.tents.empty() && rng.Chance(0.5)) {
      const TentShape& near = plan.tents[rng.UniformInt(
          0, static_cast<int>(plan.tents.size()) - 1)];
      const double dist = rng.Uniform(7.0, 25.0) / gsd;
      const double dir = rng.Uniform(0, 2 * kPi);
      cx = near.cx + dist * std::cos(dir);
      cy = near.cy + dist * std::sin(dir);
    } else {
      cx = rng.Uniform(camp.xmin, camp.xmax);
      cy = rng.Uniform(camp.ymin, camp.ymax);
    }
    TentShape t = MakeTent(plan, cx, cy, len_m, wid_m, angle, rng);
    try_place(t, false);
  }
  if (static_cast<int>(plan.tents.size()) < options.tent_count) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "placed only %d of %d tents %.0f m apart in %.0f x %.0f m; use a "
        "larger image or fewer tents",
        plan.tents.size(), options.tent_count, kTentSpacingM,
        (camp.xmax - camp.xmin) * gsd, (camp.ymax - camp.ymin) * gsd));
  }

  // Trees: distractors that must not touch a tent, so the truth stays exact.
  if (options.trees) {
    const int want = options.tree_count >= 0
                         ? options.tree_count
                         : std::max(4, options.tent_count / 15);
    const Rect image{3.0 / gsd, 3.0 / gsd, w - 3.0 / gsd, h - 3.0 / gsd};
    for (int attempt = 0;
         static_cast<int>(plan.trees.size()) < want && attempt < want * 50;
         ++attempt) {
      TreeShape tree;
      // Most trees stand among the shelters, where they confuse detectors.
      const Rect& where = rng.Chance(0.6) ? camp : image;
      tree.cx = rng.Uniform(where.xmin, where.xmax);
      tree.cy = rng.Uniform(where.ymin, where.ymax);
      const double radius = rng.Uniform(1.5, 3.5) / gsd;
      const int lobes = rng.UniformInt(3, 6);
      Rect crown{tree.cx, tree.cy, tree.cx, tree.cy};
      for (int i = 0; i < lobes; ++i) {
        Lobe lobe;
        const double off = rng.Uniform(0, 0.45) * radius;
        const double dir = rng.Uniform(0, 2 * kPi);
        lobe.dx = off * std::cos(dir);
        lobe.dy = off * std::sin(dir);
        lobe.radius = radius * rng.Uniform(0.5, 0.8);
        lobe.shade = rng.Uniform(0.85, 1.15);
        crown = crown.Union(
            {tree.cx + lobe.dx - lobe.radius, tree.cy + lobe.dy - lobe.radius,
             tree.cx + lobe.dx + lobe.radius, tree.cy + lobe.dy + lobe.radius});
        tree.lobes.push_back(lobe);
      }
      const double height_m = rng.Uniform(4.0, 8.0);
      const double shadow_px = height_m / plan.tan_sun_elevation / gsd;
      tree.shadow_dx = plan.shadow_ux * shadow_px;
      tree.shadow_dy = plan.shadow_uy * shadow_px;
      tree.color = {rng.Uniform(34, 58), rng.Uniform(62, 88),
                    rng.Uniform(28, 44)};
      Rect shadow = crown;
      shadow.xmin += tree.shadow_dx;
      shadow.xmax += tree.shadow_dx;
      shadow.ymin += tree.shadow_dy;
      shadow.ymax += tree.shadow_dy;
      tree.ink = crown.Union(shadow).Inflated(2);
      if (!Inside(tree.ink, {0, 0, w, h}) ||
          !index.IsFree(tree.ink, kTreeSpacingM / gsd)) {
        continue;
      }
      plan.trees.push_back(std::move(tree));
    }
  }

  // Top to bottom, then left to right: the order a person checks them in.
  std::stable_sort(plan.tents.begin(), plan.tents.end(),
                   [](const TentShape& a, const TentShape& b) {
                     return std::tie(a.box.ymin, a.box.xmin) <
                            std::tie(b.box.ymin, b.box.xmin);
                   });
  return plan;
}

// Where a chunk sits in the image, and OpenCV's fixed-point coordinates for
// image pixel coordinates. OpenCV puts integer coordinates at pixel centres,
// the truth at pixel edges: hence the half-pixel shift. Rounding before
// subtracting the origin keeps a shape's pixels identical in every chunk.
struct ChunkOrigin {
  int64_t x0 = 0, y0 = 0;
  cv::Point P(double x, double y) const {
    return cv::Point(static_cast<int>(std::llround((x - 0.5) * kShiftScale) -
                                      x0 * (1 << kShift)),
                     static_cast<int>(std::llround((y - 0.5) * kShiftScale) -
                                      y0 * (1 << kShift)));
  }
  int Radius(double r) const {
    return static_cast<int>(std::llround(r * kShiftScale));
  }
};

// Smooth noise along one image row, recomputing the lattice only when the
// cell changes: the ground of a 20,000 px wide image stays cheap.
void NoiseRow(uint64_t seed, uint64_t salt, double cell_px, int64_t gy,
              int64_t x0, int n, double* out) {
  const double v = (static_cast<double>(gy) + 0.5) / cell_px;
  const double fv = std::floor(v);
  const auto ly = static_cast<int64_t>(fv);
  double ty = v - fv;
  ty = ty * ty * (3 - 2 * ty);
  int64_t cached = INT64_MIN;
  double top = 0, bottom = 0, top1 = 0, bottom1 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = (static_cast<double>(x0 + i) + 0.5) / cell_px;
    const double fu = std::floor(u);
    const auto lx = static_cast<int64_t>(fu);
    if (lx != cached) {
      cached = lx;
      top = Hash01(seed, salt, lx, ly);
      top1 = Hash01(seed, salt, lx + 1, ly);
      bottom = Hash01(seed, salt, lx, ly + 1);
      bottom1 = Hash01(seed, salt, lx + 1, ly + 1);
    }
    double tx = u - fu;
    tx = tx * tx * (3 - 2 * tx);
    const double a = top + (top1 - top) * tx;
    const double b = bottom + (bottom1 - bottom) * tx;
    out[i] = a + (b - a) * ty;
  }
}

// Laterite: reddish-brown, patchy at tens of metres, grainy at a metre.
void PaintGround(const Plan& plan, const ChunkOrigin& o, cv::Mat& img) {
  const double gsd = plan.options.gsd_m;
  const uint64_t seed = Mix(plan.options.seed);
  const Color dark{132, 74, 48}, mid{168, 100, 66}, light{204, 148, 106};
  std::vector<double> n1(img.cols), n2(img.cols), n3(img.cols);
  for (int r = 0; r < img.rows; ++r) {
    const int64_t gy = o.y0 + r;
    NoiseRow(seed, 1, 60.0 / gsd, gy, o.x0, img.cols, n1.data());
    NoiseRow(seed, 2, 12.0 / gsd, gy, o.x0, img.cols, n2.data());
    NoiseRow(seed, 3, 2.5 / gsd, gy, o.x0, img.cols, n3.data());
    auto* p = img.ptr<uint8_t>(r);
    for (int c = 0; c < img.cols; ++c) {
      double t = 0.55 * n1[c] + 0.3 * n2[c] + 0.15 * n3[c];
      t = std::clamp((t - 0.5) * 1.5 + 0.5, 0.0, 1.0);
      const Color& lo = t < 0.5 ? dark : mid;
      const Color& hi = t < 0.5 ? mid : light;
      const double f = t < 0.5 ? 2 * t : 2 * t - 1;
      p[3 * c + 0] = static_cast<uint8_t>(lo.r + (hi.r - lo.r) * f);
      p[3 * c + 1] = static_cast<uint8_t>(lo.g + (hi.g - lo.g) * f);
      p[3 * c + 2] = static_cast<uint8_t>(lo.b + (hi.b - lo.b) * f);
    }
  }
}

void DrawTentShadow(const Plan& plan, const TentShape& t, const ChunkOrigin& o,
                    cv::Mat& mask) {
  std::vector<cv::Point> pts;
  for (const cv::Point2d& c : Corners(t)) {
    pts.push_back(o.P(c.x, c.y));
    pts.push_back(o.P(c.x + plan.shadow_ux * plan.tent_shadow_px,
                      c.y + plan.shadow_uy * plan.tent_shadow_px));
  }
  std::vector<cv::Point> hull;
  cv::convexHull(pts, hull);
  cv::fillConvexPoly(mask, hull, cv::Scalar(255), cv::LINE_AA, kShift);
}

// Two roof halves split by the ridge; the half facing away from the sun is
// darker, which is what gives real tents their two-tone look from above.
void DrawTent(const Plan& plan, const TentShape& t, const ChunkOrigin& o,
              cv::Mat& img) {
  const std::array<cv::Point2d, 4> c = Corners(t);
  const cv::Point2d ridge0 = 0.5 * (c[0] + c[3]);
  const cv::Point2d ridge1 = 0.5 * (c[1] + c[2]);
  // Normal of the half made of corners 0 and 1.
  const double nx = -std::sin(t.angle), ny = std::cos(t.angle);
  const bool first_in_shade = nx * plan.shadow_ux + ny * plan.shadow_uy > 0;
  const std::array<cv::Point, 4> half_a = {
      o.P(c[0].x, c[0].y), o.P(c[1].x, c[1].y), o.P(ridge1.x, ridge1.y),
      o.P(ridge0.x, ridge0.y)};
  const std::array<cv::Point, 4> half_b = {
      o.P(ridge0.x, ridge0.y), o.P(ridge1.x, ridge1.y), o.P(c[2].x, c[2].y),
      o.P(c[3].x, c[3].y)};
  cv::fillConvexPoly(img, half_a.data(), 4,
                     t.color.Scaled(first_in_shade ? 0.86 : 1.0), cv::LINE_AA,
                     kShift);
  cv::fillConvexPoly(img, half_b.data(), 4,
                     t.color.Scaled(first_in_shade ? 1.0 : 0.86), cv::LINE_AA,
                     kShift);
  const int ridge_px =
      std::max(1, static_cast<int>(std::lround(0.2 / plan.options.gsd_m)));
  cv::line(img, o.P(ridge0.x, ridge0.y), o.P(ridge1.x, ridge1.y),
           t.color.Scaled(0.8), ridge_px, cv::LINE_AA, kShift);
}

void DrawTreeShadow(const TreeShape& tree, const ChunkOrigin& o,
                    cv::Mat& mask) {
  for (const Lobe& l : tree.lobes) {
    cv::circle(
        mask,
        o.P(tree.cx + l.dx + tree.shadow_dx, tree.cy + l.dy + tree.shadow_dy),
        o.Radius(l.radius), cv::Scalar(255), cv::FILLED, cv::LINE_AA, kShift);
  }
}

void DrawTree(const TreeShape& tree, const ChunkOrigin& o, double sun_ux,
              double sun_uy, cv::Mat& img) {
  for (const Lobe& l : tree.lobes) {
    cv::circle(img, o.P(tree.cx + l.dx, tree.cy + l.dy), o.Radius(l.radius),
               tree.color.Scaled(l.shade), cv::FILLED, cv::LINE_AA, kShift);
  }
  // A lit side towards the sun, so crowns look round rather than flat.
  for (const Lobe& l : tree.lobes) {
    const double off = 0.3 * l.radius;
    cv::circle(
        img, o.P(tree.cx + l.dx + sun_ux * off, tree.cy + l.dy + sun_uy * off),
        o.Radius(0.45 * l.radius), tree.color.Scaled(1.3 * l.shade), cv::FILLED,
        cv::LINE_AA, kShift);
  }
}

double BlurSigmaPx(double gsd) {
  // Imagery upsampled from ~0.5 m native resolution is soft at finer GSDs.
  return std::max(0.5, 0.3 / gsd);
}

int BlurRadiusPx(double gsd) {
  return static_cast<int>(std::ceil(3 * BlurSigmaPx(gsd)));
}

// Renders the image window [x0, x0 + out.cols) x [y0, y0 + out.rows) into
// `out` (CV_8UC3, RGB order). Draws on a padded canvas so the blur near the
// window's edge sees the same pixels it would in a whole-image render.
void RenderChunk(const Plan& plan, const std::vector<const TentShape*>& tents,
                 const std::vector<const TreeShape*>& trees, int64_t x0,
                 int64_t y0, cv::Mat& out) {
  const double gsd = plan.options.gsd_m;
  const int radius = BlurRadiusPx(gsd);
  const int pad = radius + 3;
  ChunkOrigin o{x0 - pad, y0 - pad};
  cv::Mat img(out.rows + 2 * pad, out.cols + 2 * pad, CV_8UC3);
  PaintGround(plan, o, img);

  const Rect canvas{static_cast<double>(o.x0), static_cast<double>(o.y0),
                    static_cast<double>(o.x0 + img.cols),
                    static_cast<double>(o.y0 + img.rows)};
  cv::Mat mask(img.rows, img.cols, CV_8UC1, cv::Scalar(0));
  for (const TentShape* t : tents) {
    if (t->ink.Intersects(canvas)) DrawTentShadow(plan, *t, o, mask);
  }
  for (const TreeShape* tree : trees) {
    if (tree->ink.Intersects(canvas)) DrawTreeShadow(*tree, o, mask);
  }
  for (int r = 0; r < img.rows; ++r) {
    auto* p = img.ptr<uint8_t>(r);
    const auto* m = mask.ptr<uint8_t>(r);
    for (int c = 0; c < img.cols; ++c) {
      if (m[c] == 0) continue;
      const double f = 1.0 - 0.6 * m[c] / 255.0;
      for (int k = 0; k < 3; ++k) {
        p[3 * c + k] = static_cast<uint8_t>(p[3 * c + k] * f);
      }
    }
  }
  for (const TentShape* t : tents) {
    if (t->ink.Intersects(canvas)) DrawTent(plan, *t, o, img);
  }
  for (const TreeShape* tree : trees) {
    if (tree->ink.Intersects(canvas)) {
      DrawTree(*tree, o, -plan.shadow_ux, -plan.shadow_uy, img);
    }
  }

  // Sensor grain on everything, keyed to image coordinates.
  const uint64_t seed = Mix(plan.options.seed ^ 0x5bd1e995ULL);
  for (int r = 0; r < img.rows; ++r) {
    auto* p = img.ptr<uint8_t>(r);
    const auto gy = static_cast<uint64_t>(o.y0 + r);
    for (int c = 0; c < img.cols; ++c) {
      const uint64_t h =
          Mix(seed ^ (gy << 32) ^ static_cast<uint64_t>(o.x0 + c));
      const int luma = static_cast<int>(h & 15) - 7;
      for (int k = 0; k < 3; ++k) {
        const int chroma = static_cast<int>((h >> (8 + 4 * k)) & 3) - 1;
        p[3 * c + k] = static_cast<uint8_t>(
            std::clamp(p[3 * c + k] + luma + chroma, 0, 255));
      }
    }
  }

  const double sigma = BlurSigmaPx(gsd);
  cv::GaussianBlur(img, img, cv::Size(2 * radius + 1, 2 * radius + 1), sigma,
                   sigma, cv::BORDER_REFLECT_101);
  img(cv::Rect(pad, pad, out.cols, out.rows)).copyTo(out);
}

DemoCampTruth MakeTruth(const Plan& plan, const std::string& path) {
  const DemoCampOptions& o = plan.options;
  const double gsd = o.gsd_m;
  DemoCampTruth truth;
  truth.path = path;
  truth.width_px = o.width_px;
  truth.height_px = o.height_px;
  truth.gsd_m = gsd;
  truth.epsg = o.epsg;
  truth.geotransform = {o.origin_x, gsd, 0.0, o.origin_y, 0.0, -gsd};
  truth.acquisition_date = o.acquisition_date;
  truth.seed = o.seed;
  truth.tree_count = static_cast<int>(plan.trees.size());
  truth.camp_xmin = plan.camp.xmin;
  truth.camp_ymin = plan.camp.ymin;
  truth.camp_xmax = plan.camp.xmax;
  truth.camp_ymax = plan.camp.ymax;
  for (const TentShape& t : plan.tents) {
    TentTruth tt;
    tt.xmin = t.box.xmin;
    tt.ymin = t.box.ymin;
    tt.xmax = t.box.xmax;
    tt.ymax = t.box.ymax;
    tt.center_x = t.cx;
    tt.center_y = t.cy;
    tt.length_m = 2 * t.half_len * gsd;
    tt.width_m = 2 * t.half_wid * gsd;
    tt.area_m2 = tt.length_m * tt.width_m;
    tt.box_area_m2 = (tt.xmax - tt.xmin) * (tt.ymax - tt.ymin) * gsd * gsd;
    double deg = std::fmod(t.angle * 180.0 / kPi, 180.0);
    if (deg < 0) deg += 180.0;
    tt.angle_deg = deg;
    tt.in_row = t.in_row;
    truth.total_tent_area_m2 += tt.area_m2;
    truth.tents.push_back(tt);
  }
  return truth;
}

void RegisterGdalOnce() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

struct GdalDatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

absl::Status GdalError(absl::string_view what) {
  const char* msg = CPLGetLastErrorMsg();
  return absl::InternalError(absl::StrCat(
      what, (msg != nullptr && *msg != '\0') ? absl::StrCat(": ", msg) : ""));
}

// Swaps GDAL's stderr printing for silence while this object lives; the
// last error message is still recorded and ends up in the returned status.
class QuietGdalErrors {
 public:
  QuietGdalErrors() {
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdalErrors() { CPLPopErrorHandler(); }
};

absl::Status WriteImage(const Plan& plan, const std::string& path,
                        int strip_rows, int chunk_cols) {
  const DemoCampOptions& o = plan.options;
  RegisterGdalOnce();
  QuietGdalErrors quiet;
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (driver == nullptr) return GdalError("GDAL has no GTiff driver");
  char** create_options = nullptr;
  create_options = CSLSetNameValue(create_options, "TILED", "YES");
  create_options = CSLSetNameValue(create_options, "BLOCKXSIZE",
                                   absl::StrCat(kBlockSize).c_str());
  create_options = CSLSetNameValue(create_options, "BLOCKYSIZE",
                                   absl::StrCat(kBlockSize).c_str());
  create_options = CSLSetNameValue(create_options, "COMPRESS", "DEFLATE");
  create_options = CSLSetNameValue(create_options, "PREDICTOR", "2");
  create_options = CSLSetNameValue(create_options, "PHOTOMETRIC", "RGB");
  create_options = CSLSetNameValue(create_options, "BIGTIFF", "IF_SAFER");
  std::unique_ptr<GDALDataset, GdalDatasetCloser> ds(driver->Create(
      path.c_str(), static_cast<int>(o.width_px), static_cast<int>(o.height_px),
      3, GDT_Byte, create_options));
  CSLDestroy(create_options);
  if (ds == nullptr) return GdalError(absl::StrCat("cannot create ", path));

  double gt[6] = {o.origin_x, o.gsd_m, 0.0, o.origin_y, 0.0, -o.gsd_m};
  OGRSpatialReference srs;
  srs.importFromEPSG(o.epsg);
  if (ds->SetGeoTransform(gt) != CE_None ||
      ds->SetSpatialRef(&srs) != CE_None) {
    return GdalError(absl::StrCat("cannot georeference ", path));
  }
  ds->SetMetadataItem("ACQUISITION_DATE", o.acquisition_date.c_str());
  ds->SetMetadataItem(
      "TIFFTAG_DATETIME",
      absl::StrCat(absl::StrReplaceAll(o.acquisition_date, {{"-", ":"}}),
                   " 10:00:00")
          .c_str());
  ds->SetMetadataItem("TIFFTAG_SOFTWARE", "campcount synth");
  ds->SetMetadataItem(
      "TIFFTAG_IMAGEDESCRIPTION",
      absl::StrCat("Synthetic demo camp generated by campcount (seed ", o.seed,
                   "); not real imagery")
          .c_str());

  const double pad = BlurRadiusPx(o.gsd_m) + 3;
  std::vector<const TentShape*> strip_tents;
  std::vector<const TreeShape*> strip_trees;
  std::vector<const TentShape*> chunk_tents;
  std::vector<const TreeShape*> chunk_trees;
  for (int64_t y0 = 0; y0 < o.height_px; y0 += strip_rows) {
    const int rows =
        static_cast<int>(std::min<int64_t>(strip_rows, o.height_px - y0));
    // Everything that can leave ink in this strip, its padding included.
    const Rect strip{-1e18, y0 - pad, 1e18, y0 + rows + pad};
    strip_tents.clear();
    strip_trees.clear();
    for (const TentShape& t : plan.tents) {
      if (t.ink.Intersects(strip)) strip_tents.push_back(&t);
    }
    for (const TreeShape& t : plan.trees) {
      if (t.ink.Intersects(strip)) strip_trees.push_back(&t);
    }
    for (int64_t x0 = 0; x0 < o.width_px; x0 += chunk_cols) {
      const int cols =
          static_cast<int>(std::min<int64_t>(chunk_cols, o.width_px - x0));
      const Rect chunk{x0 - pad, y0 - pad, x0 + cols + pad, y0 + rows + pad};
      chunk_tents.clear();
      chunk_trees.clear();
      for (const TentShape* t : strip_tents) {
        if (t->ink.Intersects(chunk)) chunk_tents.push_back(t);
      }
      for (const TreeShape* t : strip_trees) {
        if (t->ink.Intersects(chunk)) chunk_trees.push_back(t);
      }
      cv::Mat pixels(rows, cols, CV_8UC3);
      RenderChunk(plan, chunk_tents, chunk_trees, x0, y0, pixels);
      if (ds->RasterIO(GF_Write, static_cast<int>(x0), static_cast<int>(y0),
                       cols, rows, pixels.data, cols, rows, GDT_Byte, 3,
                       nullptr, 3, static_cast<GSpacing>(pixels.step[0]), 1,
                       nullptr) != CE_None) {
        return GdalError(absl::StrCat("cannot write ", path));
      }
      // Hand the finished blocks to the file now rather than letting GDAL's
      // block cache (a share of RAM) fill up with a whole strip of them.
      ds->FlushCache(false);
      if (CPLGetLastErrorType() >= CE_Failure) {
        return GdalError(absl::StrCat("cannot write ", path));
      }
    }
  }
  ds.reset();
  if (CPLGetLastErrorType() >= CE_Failure) {
    return GdalError(absl::StrCat("cannot finish ", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<DemoCampTruth> WriteInChunks(const std::string& path,
                                            const DemoCampOptions& options,
                                            int strip_rows, int chunk_cols) {
  if (strip_rows <= 0 || chunk_cols <= 0) {
    return absl::InvalidArgumentError("chunk sizes must be positive");
  }
  absl::StatusOr<Plan> plan = MakePlan(options);
  if (!plan.ok()) return plan.status();
  // Write beside the target and rename, so a failed or interrupted run never
  // leaves a truncated image under the real name.
  const std::string partial = path + ".partial";
  if (absl::Status s = WriteImage(*plan, partial, strip_rows, chunk_cols);
      !s.ok()) {
    std::remove(partial.c_str());
    return s;
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    std::remove(partial.c_str());
    return absl::InternalError(
        absl::StrCat("cannot rename ", partial, " to ", path));
  }
  return MakeTruth(*plan, path);
}

}  // namespace

namespace internal {
absl::StatusOr<DemoCampTruth> WriteDemoCampInChunks(
    const std::string& path, const DemoCampOptions& options, int strip_rows,
    int chunk_cols) {
  return WriteInChunks(path, options, strip_rows, chunk_cols);
}
}  // namespace internal

absl::StatusOr<DemoCampTruth> WriteDemoCamp(const std::string& path,
                                            const DemoCampOptions& options) {
  return WriteInChunks(path, options, kStripRows, kChunkCols);
}

absl::StatusOr<DemoCampTruth> PlanDemoCamp(const DemoCampOptions& options) {
  absl::StatusOr<Plan> plan = MakePlan(options);
  if (!plan.ok()) return plan.status();
  return MakeTruth(*plan, "");
}

absl::StatusOr<std::string> BoundaryGeoJson(
    const DemoCampOptions& options, const std::vector<PixelPoint>& ring) {
  if (ring.size() < 3) {
    return absl::InvalidArgumentError("a boundary needs at least 3 points");
  }
  RegisterGdalOnce();
  OGRSpatialReference src, dst;
  if (src.importFromEPSG(options.epsg) != OGRERR_NONE ||
      dst.importFromEPSG(4326) != OGRERR_NONE) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot set up EPSG:", options.epsg, " -> EPSG:4326"));
  }
  // GeoJSON is lon/lat whatever EPSG:4326's official axis order says.
  src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> transform(
      OGRCreateCoordinateTransformation(&src, &dst));
  if (transform == nullptr) {
    return absl::InternalError(absl::StrCat(
        "no transformation from EPSG:", options.epsg, " to EPSG:4326"));
  }
  // Straight lines in UTM are slightly curved in lon/lat: densify.
  std::vector<double> xs, ys;
  constexpr double kStepPx = 64;
  for (size_t i = 0; i < ring.size(); ++i) {
    const PixelPoint& a = ring[i];
    const PixelPoint& b = ring[(i + 1) % ring.size()];
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    const int steps = std::max(1, static_cast<int>(std::ceil(len / kStepPx)));
    for (int k = 0; k < steps; ++k) {
      const double f = static_cast<double>(k) / steps;
      const double px = a.x + (b.x - a.x) * f, py = a.y + (b.y - a.y) * f;
      xs.push_back(options.origin_x + px * options.gsd_m);
      ys.push_back(options.origin_y - py * options.gsd_m);
    }
  }
  if (!transform->Transform(static_cast<int>(xs.size()), xs.data(),
                            ys.data())) {
    return absl::InternalError("coordinate transformation failed");
  }
  // RFC 7946: exterior rings counterclockwise.
  double twice_area = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    const size_t j = (i + 1) % xs.size();
    twice_area += xs[i] * ys[j] - xs[j] * ys[i];
  }
  if (twice_area < 0) {
    std::reverse(xs.begin(), xs.end());
    std::reverse(ys.begin(), ys.end());
  }
  std::vector<std::string> coords;
  for (size_t i = 0; i <= xs.size(); ++i) {
    const size_t k = i % xs.size();  // repeat the first point to close
    coords.push_back(absl::StrFormat("[%.9f, %.9f]", xs[k], ys[k]));
  }
  return absl::StrCat(
      "{\"type\": \"Feature\", \"properties\": {\"name\": \"campcount demo "
      "camp boundary\"}, \"geometry\": {\"type\": \"Polygon\", "
      "\"coordinates\": [[",
      absl::StrJoin(coords, ", "), "]]}}");
}

absl::StatusOr<std::string> BoundaryGeoJson(const DemoCampOptions& options,
                                            double xmin, double ymin,
                                            double xmax, double ymax) {
  if (!(xmin < xmax && ymin < ymax)) {
    return absl::InvalidArgumentError("boundary rectangle is empty");
  }
  return BoundaryGeoJson(
      options, {{xmin, ymin}, {xmax, ymin}, {xmax, ymax}, {xmin, ymax}});
}

int CountTentsInside(const DemoCampTruth& truth,
                     const std::vector<PixelPoint>& ring) {
  int count = 0;
  for (const TentTruth& t : truth.tents) {
    bool inside = false;  // even-odd rule
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      const PixelPoint &a = ring[i], &b = ring[j];
      if ((a.y > t.center_y) != (b.y > t.center_y) &&
          t.center_x < (b.x - a.x) * (t.center_y - a.y) / (b.y - a.y) + a.x) {
        inside = !inside;
      }
    }
    if (inside) ++count;
  }
  return count;
}

std::string TruthToJson(const DemoCampTruth& truth) {
  std::string out = absl::StrFormat(
      "{\n  \"path\": \"%s\",\n  \"synthetic\": true,\n  \"seed\": %d,\n"
      "  \"width_px\": %d,\n  \"height_px\": %d,\n  \"gsd_m\": %.6g,\n"
      "  \"epsg\": %d,\n  \"geotransform\": [%.6f, %.6g, %.6g, %.6f, %.6g, "
      "%.6g],\n  \"acquisition_date\": \"%s\",\n  \"tent_count\": %d,\n"
      "  \"total_tent_area_m2\": %.2f,\n  \"tree_count\": %d,\n"
      "  \"tents\": [",
      absl::StrReplaceAll(truth.path, {{"\\", "\\\\"}, {"\"", "\\\""}}),
      truth.seed, truth.width_px, truth.height_px, truth.gsd_m, truth.epsg,
      truth.geotransform[0], truth.geotransform[1], truth.geotransform[2],
      truth.geotransform[3], truth.geotransform[4], truth.geotransform[5],
      truth.acquisition_date, truth.tents.size(), truth.total_tent_area_m2,
      truth.tree_count);
  for (size_t i = 0; i < truth.tents.size(); ++i) {
    const TentTruth& t = truth.tents[i];
    absl::StrAppendFormat(
        &out,
        "%s\n    {\"xmin\": %.2f, \"ymin\": %.2f, \"xmax\": %.2f, \"ymax\": "
        "%.2f, \"area_m2\": %.2f, \"length_m\": %.2f, \"width_m\": %.2f, "
        "\"angle_deg\": %.1f, \"in_row\": %s}",
        i == 0 ? "" : ",", t.xmin, t.ymin, t.xmax, t.ymax, t.area_m2,
        t.length_m, t.width_m, t.angle_deg, t.in_row ? "true" : "false");
  }
  out += truth.tents.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace campcount::synth
