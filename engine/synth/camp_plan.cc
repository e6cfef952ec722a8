#include "camp_plan.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "random.h"
#include "value_noise.h"
#include "viewer_overlay.h"

namespace campcount::synth {
namespace {

constexpr double kPi = std::numbers::pi;
// Free space kept between two shelters' footprints (boxes), metres: people
// walk between tents, and a detector needs the gap to split them.
constexpr double kShelterGapM = 1.2;
// Shelters keep this far from the edge of a track, metres.
constexpr double kTrackGapM = 1.0;
// Shelters stay inside the boundary and this far from the image edge.
constexpr double kImageMarginM = 15;

// Boxes of placed things in a coarse grid, to check spacing in O(1).
class SpacingIndex {
 public:
  explicit SpacingIndex(double cell_m) : cell_(cell_m) {}

  void Insert(const Box& b) {
    const int id = static_cast<int>(boxes_.size());
    boxes_.push_back(b);
    ForCells(b, [&](int64_t key) {
      cells_[key].push_back(id);
      return true;
    });
  }

  // True when no stored box comes closer than `gap` to b.
  bool IsFree(const Box& b, double gap) const {
    const Box grown = b.Inflated(gap);
    bool free = true;
    ForCells(grown, [&](int64_t key) {
      auto it = cells_.find(key);
      if (it == cells_.end()) return true;
      for (int id : it->second) {
        if (boxes_[id].Intersects(grown)) {
          free = false;
          return false;
        }
      }
      return true;
    });
    return free;
  }

 private:
  template <typename Fn>
  void ForCells(const Box& b, Fn fn) const {
    const auto x0 = static_cast<int64_t>(std::floor(b.xmin / cell_));
    const auto x1 = static_cast<int64_t>(std::floor(b.xmax / cell_));
    const auto y0 = static_cast<int64_t>(std::floor(b.ymin / cell_));
    const auto y1 = static_cast<int64_t>(std::floor(b.ymax / cell_));
    for (int64_t y = y0; y <= y1; ++y) {
      for (int64_t x = x0; x <= x1; ++x) {
        if (!fn((y << 32) ^ (x & 0xffffffffLL))) return;
      }
    }
  }

  double cell_;
  std::vector<Box> boxes_;
  std::unordered_map<int64_t, std::vector<int>> cells_;
};

bool InsidePolygon(const std::vector<Point2>& ring, double x, double y) {
  bool inside = false;  // even-odd rule
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const Point2 &a = ring[i], &b = ring[j];
    if ((a.y > y) != (b.y > y) &&
        x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) {
      inside = !inside;
    }
  }
  return inside;
}

double SegmentDistance(const Point2& p, const Point2& a, const Point2& b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}

struct TentModel {
  double length_m, width_m;
};

std::pair<Rgb, std::string> TentColour(Rng& rng, const double weights[4]) {
  const double total = weights[0] + weights[1] + weights[2] + weights[3];
  double pick = rng.Uniform() * total;
  int k = 0;
  while (k < 3 && pick >= weights[k]) pick -= weights[k++];
  switch (k) {
    case 0: {  // white canvas / new plastic sheeting
      const double v = rng.Uniform(224, 250);
      return {{v, v - rng.Uniform(0, 4), v - rng.Uniform(2, 9)}, "white"};
    }
    case 1: {  // light grey, weathered
      const double v = rng.Uniform(172, 212);
      return {{v, v + rng.Uniform(-1, 2), v + rng.Uniform(0, 6)}, "grey"};
    }
    case 2: {  // beige canvas
      const double v = rng.Uniform(204, 232);
      return {{v, v - rng.Uniform(12, 22), v - rng.Uniform(38, 58)}, "beige"};
    }
    default:  // blue tarpaulin
      return {
          {rng.Uniform(60, 105), rng.Uniform(112, 150), rng.Uniform(170, 215)},
          "blue"};
  }
}

std::pair<Rgb, std::string> MakeshiftColour(Rng& rng) {
  const double t = rng.Uniform();
  if (t < 0.35) {  // grass mats and thatch
    const double v = rng.Uniform(105, 150);
    return {{v, v * 0.8, v * 0.58}, "brown"};
  }
  if (t < 0.6) {  // old sheeting, dusty
    const double v = rng.Uniform(120, 165);
    return {{v, v * 0.97, v * 0.92}, "grey"};
  }
  if (t < 0.8) {  // rusty corrugated sheets
    return {{rng.Uniform(120, 160), rng.Uniform(72, 95), rng.Uniform(50, 70)},
            "rust"};
  }
  return {{rng.Uniform(70, 110), rng.Uniform(100, 135), rng.Uniform(140, 180)},
          "blue"};
}

std::pair<Rgb, std::string> RoofColour(Rng& rng) {
  if (rng.Chance(0.6)) {  // galvanised / grey sheet
    const double v = rng.Uniform(135, 195);
    return {{v, v + 2, v + 5}, "grey"};
  }
  return {{rng.Uniform(55, 95), rng.Uniform(95, 130), rng.Uniform(140, 185)},
          "blue"};
}

void SetRectFootprint(Shelter& s) {
  const double c = std::cos(s.angle), sn = std::sin(s.angle);
  const double lx = c * 0.5 * s.length_m, ly = sn * 0.5 * s.length_m;
  const double wx = -sn * 0.5 * s.width_m, wy = c * 0.5 * s.width_m;
  s.footprint = {{s.cx + lx + wx, s.cy + ly + wy},
                 {s.cx - lx + wx, s.cy - ly + wy},
                 {s.cx - lx - wx, s.cy - ly - wy},
                 {s.cx + lx - wx, s.cy + ly - wy}};
  s.bounds = BoundsOf(s.footprint);
  s.area_m2 = s.length_m * s.width_m;
}

double RingArea(const std::vector<Point2>& ring) {
  double twice = 0;
  for (size_t i = 0; i < ring.size(); ++i) {
    const Point2& a = ring[i];
    const Point2& b = ring[(i + 1) % ring.size()];
    twice += a.x * b.y - b.x * a.y;
  }
  return std::abs(0.5 * twice);
}

// An irregular ring inside the length x width rectangle: a makeshift shelter
// of sticks, mats and scraps has no straight sides.
void SetMakeshiftFootprint(Shelter& s, Rng& rng) {
  const int n = rng.UniformInt(6, 9);
  const double c = std::cos(s.angle), sn = std::sin(s.angle);
  s.footprint.clear();
  for (int i = 0; i < n; ++i) {
    const double th = 2 * kPi * (i + rng.Uniform(-0.25, 0.25)) / n;
    // A squarish superellipse, each vertex pulled in a little at random.
    const double ct = std::cos(th), st = std::sin(th);
    const double r = rng.Uniform(0.78, 1.0);
    const double u =
        0.5 * s.length_m * r * std::copysign(std::pow(std::abs(ct), 0.6), ct);
    const double v =
        0.5 * s.width_m * r * std::copysign(std::pow(std::abs(st), 0.6), st);
    s.footprint.push_back({s.cx + c * u - sn * v, s.cy + sn * u + c * v});
  }
  s.bounds = BoundsOf(s.footprint);
  s.area_m2 = RingArea(s.footprint);
}

class Planner {
 public:
  Planner(const CampSpec& spec, const OccupancyModel& occupancy)
      : spec_(spec),
        rng_(spec.plan_seed),
        index_(12.0),
        image_{kImageMarginM, kImageMarginM, spec.width_m() - kImageMarginM,
               spec.height_m() - kImageMarginM} {
    plan_.spec = spec;
    plan_.occupancy = occupancy;
    // Viewer overlays may cover the image corners on some dates: keep every
    // shelter out of them so no overlay ever hides a labelled shelter.
    for (const Box& b : OverlayCorners(spec.width_px, spec.height_px)) {
      keep_out_.push_back(b.Scaled(spec.gsd_m));
    }
  }

  absl::StatusOr<CampPlan> Run() {
    ChooseStyle();
    MakeBoundary();
    MakeTracks();
    MakeBuildings();
    MakeGriddedBlocks();
    MakeClusters();
    if (shelter_count_ < spec_.peak_shelters / 2) {
      return absl::InternalError(absl::StrFormat(
          "camp %s: placed only %d of %d shelters; the layout is too tight",
          spec_.site_id, shelter_count_, spec_.peak_shelters));
    }
    MakeTrees();
    AssignTimeline();
    AssignOccupants();
    std::stable_sort(plan_.shelters.begin(), plan_.shelters.end(),
                     [](const Shelter& a, const Shelter& b) {
                       return std::tie(a.bounds.ymin, a.bounds.xmin) <
                              std::tie(b.bounds.ymin, b.bounds.xmin);
                     });
    return std::move(plan_);
  }

 private:
  void ChooseStyle() {
    // One to three tent models per camp (agencies ship a few standard
    // tents), plus local variation.
    const int models = rng_.UniformInt(1, 3);
    for (int i = 0; i < models; ++i) {
      const double len = rng_.Uniform(3.6, 7.0);
      models_.push_back(
          {len, std::clamp(len * rng_.Uniform(0.6, 0.95), 3.0, len)});
    }
    // Each camp has its own mix of white / grey / beige / blue.
    colour_weights_[0] = rng_.Uniform(0.3, 1.0);
    colour_weights_[1] = rng_.Uniform(0.1, 0.6);
    colour_weights_[2] = rng_.Uniform(0.0, 0.4);
    colour_weights_[3] = rng_.Uniform(0.0, 0.35);
    base_angle_ = rng_.Uniform(0, kPi);
  }

  void MakeBoundary() {
    const double w = spec_.width_m(), h = spec_.height_m();
    centre_ = {w * rng_.Uniform(0.44, 0.56), h * rng_.Uniform(0.44, 0.56)};
    radius_ = std::sqrt(spec_.peak_shelters * 110.0 / kPi);
    const double aspect = rng_.Uniform(0.75, 1.3);
    const double axis = rng_.Uniform(0, kPi);
    double phase[3] = {rng_.Uniform(0, 2 * kPi), rng_.Uniform(0, 2 * kPi),
                       rng_.Uniform(0, 2 * kPi)};
    double amp[3] = {rng_.Uniform(0.05, 0.18), rng_.Uniform(0.03, 0.1),
                     rng_.Uniform(0.0, 0.06)};
    constexpr int kVertices = 36;
    std::vector<Point2> ring;
    for (int i = 0; i < kVertices; ++i) {
      const double th = 2 * kPi * i / kVertices;
      const double r = radius_ * (1 + amp[0] * std::sin(2 * th + phase[0]) +
                                  amp[1] * std::sin(3 * th + phase[1]) +
                                  amp[2] * std::sin(5 * th + phase[2]));
      // Stretch along `axis` for an oval camp.
      const double u = r * std::cos(th) * std::sqrt(aspect);
      const double v = r * std::sin(th) / std::sqrt(aspect);
      ring.push_back({centre_.x + u * std::cos(axis) - v * std::sin(axis),
                      centre_.y + u * std::sin(axis) + v * std::cos(axis)});
    }
    // Shrink towards the centre until it fits the image with a margin.
    const Box inner = image_.Inflated(-10);
    for (int k = 0; k < 20 && !inner.Contains(BoundsOf(ring)); ++k) {
      for (Point2& p : ring) {
        p.x = centre_.x + 0.95 * (p.x - centre_.x);
        p.y = centre_.y + 0.95 * (p.y - centre_.y);
      }
      radius_ *= 0.95;
    }
    plan_.boundary = ring;
  }

  bool InsideCamp(const std::vector<Point2>& pts) const {
    for (const Point2& p : pts) {
      if (!InsidePolygon(plan_.boundary, p.x, p.y)) return false;
    }
    return true;
  }

  bool ClearOfTracks(const Shelter& s) const {
    const double half_diag = 0.5 * std::hypot(s.bounds.xmax - s.bounds.xmin,
                                              s.bounds.ymax - s.bounds.ymin);
    for (const Track& t : plan_.tracks) {
      for (size_t i = 0; i + 1 < t.points.size(); ++i) {
        const Point2 c{s.cx, s.cy};
        if (SegmentDistance(c, t.points[i], t.points[i + 1]) <
            0.5 * t.width_m + half_diag + kTrackGapM) {
          return false;
        }
      }
    }
    return true;
  }

  // A polyline from p in direction `angle` for `length` metres, meandering.
  Track Meander(Point2 p, double angle, double length, double width,
                double wiggle_m) {
    Track t;
    t.width_m = width;
    t.lightness = rng_.Uniform(1.06, 1.2);
    const uint64_t seed = rng_.Next();
    const double ux = std::cos(angle), uy = std::sin(angle);
    constexpr double kStep = 12;
    for (double d = 0; d <= length; d += kStep) {
      const double off = wiggle_m * (2 * ValueNoise(seed, 80, d, 0) - 1);
      t.points.push_back({p.x + ux * d - uy * off, p.y + uy * d + ux * off});
    }
    return t;
  }

  void MakeTracks() {
    const double diag = std::hypot(spec_.width_m(), spec_.height_m());
    const int main = rng_.UniformInt(1, 3);
    for (int i = 0; i < main; ++i) {
      const double angle =
          base_angle_ + (i == 1 ? kPi / 2 : 0) + rng_.Uniform(-0.25, 0.25);
      const double off = rng_.Uniform(-0.4, 0.4) * radius_;
      const Point2 start{
          centre_.x - std::cos(angle) * diag - std::sin(angle) * off,
          centre_.y - std::sin(angle) * diag + std::cos(angle) * off};
      plan_.tracks.push_back(Meander(
          start, angle, 2 * diag, rng_.Uniform(3.5, 7.0), rng_.Uniform(3, 15)));
    }
    // Footpaths from the edge of the camp inwards.
    const int paths = rng_.UniformInt(2, 6);
    for (int i = 0; i < paths; ++i) {
      const Point2& edge =
          plan_.boundary[rng_.UniformInt(0, plan_.boundary.size() - 1)];
      const double angle = std::atan2(centre_.y - edge.y, centre_.x - edge.x) +
                           rng_.Uniform(-0.5, 0.5);
      plan_.tracks.push_back(
          Meander(edge, angle, radius_ * rng_.Uniform(0.4, 1.0),
                  rng_.Uniform(1.5, 2.5), rng_.Uniform(2, 8)));
    }
  }

  // Places `s` when it fits: inside the image (and the camp when
  // `in_camp`), clear of tracks and of every shelter and tree placed.
  bool TryPlace(Shelter s, bool in_camp) {
    if (!image_.Contains(s.bounds)) return false;
    for (const Box& k : keep_out_) {
      if (k.Intersects(s.bounds)) return false;
    }
    if (in_camp && !InsideCamp(s.footprint)) return false;
    if (!index_.IsFree(s.bounds, kShelterGapM)) return false;
    if (!ClearOfTracks(s)) return false;
    index_.Insert(s.bounds);
    s.texture_seed = rng_.Next();
    if (s.kind != ShelterKind::kBuilding) ++shelter_count_;
    plan_.shelters.push_back(std::move(s));
    return true;
  }

  Shelter Tent(double cx, double cy, const TentModel& m, double angle) {
    Shelter s;
    s.kind = ShelterKind::kTent;
    s.cx = cx;
    s.cy = cy;
    s.length_m = m.length_m * rng_.Uniform(0.97, 1.03);
    s.width_m = std::min(s.length_m, m.width_m * rng_.Uniform(0.97, 1.03));
    s.angle = angle;
    s.height_m = rng_.Uniform(1.8, 2.6);
    s.style = rng_.Chance(0.75) ? 0 : 1;
    std::tie(s.colour, s.colour_name) = TentColour(rng_, colour_weights_);
    SetRectFootprint(s);
    return s;
  }

  Shelter Makeshift(double cx, double cy, double angle) {
    Shelter s;
    s.kind = ShelterKind::kMakeshift;
    s.cx = cx;
    s.cy = cy;
    s.length_m = rng_.Uniform(2.5, 5.0);
    s.width_m = s.length_m * rng_.Uniform(0.6, 1.0);
    s.angle = angle;
    s.height_m = rng_.Uniform(1.2, 2.0);
    std::tie(s.colour, s.colour_name) = MakeshiftColour(rng_);
    SetMakeshiftFootprint(s, rng_);
    return s;
  }

  Shelter Building(double cx, double cy, double len, double wid, double angle) {
    Shelter s;
    s.kind = ShelterKind::kBuilding;
    s.cx = cx;
    s.cy = cy;
    s.length_m = len;
    s.width_m = wid;
    s.angle = angle;
    s.height_m = rng_.Uniform(3.0, 4.5);
    s.style = rng_.Chance(0.5) ? 0 : 1;
    std::tie(s.colour, s.colour_name) = RoofColour(rng_);
    SetRectFootprint(s);
    return s;
  }

  void FenceAround(double cx, double cy, double half_u, double half_v,
                   double angle) {
    const double c = std::cos(angle), s = std::sin(angle);
    Fence f;
    f.closed = true;
    f.post_spacing_m = rng_.Uniform(2.5, 4.0);
    for (auto [u, v] : {std::pair{-1, -1}, {1, -1}, {1, 1}, {-1, 1}}) {
      f.points.push_back({cx + c * u * half_u - s * v * half_v,
                          cy + s * u * half_u + c * v * half_v});
    }
    plan_.fences.push_back(std::move(f));
  }

  void MakeBuildings() {
    // A compound of offices, a clinic, a school: near the camp's edge.
    const double dir = rng_.Uniform(0, 2 * kPi);
    const double cx = centre_.x + 0.55 * radius_ * std::cos(dir);
    const double cy = centre_.y + 0.55 * radius_ * std::sin(dir);
    const double angle = base_angle_ + rng_.Uniform(-0.1, 0.1);
    const int rows = rng_.UniformInt(1, 3), cols = rng_.UniformInt(2, 4);
    const double cell_u = rng_.Uniform(20, 30), cell_v = rng_.Uniform(14, 22);
    const double c = std::cos(angle), s = std::sin(angle);
    for (int i = 0; i < rows; ++i) {
      for (int j = 0; j < cols; ++j) {
        if (rng_.Chance(0.2)) continue;
        const double u = (j - 0.5 * (cols - 1)) * cell_u;
        const double v = (i - 0.5 * (rows - 1)) * cell_v;
        TryPlace(Building(cx + c * u - s * v, cy + s * u + c * v,
                          rng_.Uniform(8, cell_u - 5),
                          rng_.Uniform(6, cell_v - 4), angle),
                 false);
      }
    }
    if (rng_.Chance(0.7)) {
      FenceAround(cx, cy, 0.5 * cols * cell_u + 3, 0.5 * rows * cell_v + 3,
                  angle);
    }
    // Houses of the host village around the camp.
    const int houses = rng_.UniformInt(4, 16);
    for (int i = 0, tries = 0; i < houses && tries < houses * 20; ++tries) {
      const Point2 p{rng_.Uniform(image_.xmin, image_.xmax),
                     rng_.Uniform(image_.ymin, image_.ymax)};
      if (InsidePolygon(plan_.boundary, p.x, p.y)) continue;
      const double len = rng_.Uniform(6, 14);
      if (TryPlace(Building(p.x, p.y, len, len * rng_.Uniform(0.5, 0.9),
                            rng_.Uniform(0, kPi)),
                   false)) {
        ++i;
      }
    }
  }

  Point2 RandomPointInCamp() {
    const Box b = BoundsOf(plan_.boundary);
    for (int i = 0; i < 200; ++i) {
      const Point2 p{rng_.Uniform(b.xmin, b.xmax),
                     rng_.Uniform(b.ymin, b.ymax)};
      if (InsidePolygon(plan_.boundary, p.x, p.y)) return p;
    }
    return centre_;
  }

  void MakeGriddedBlocks() {
    const int target =
        static_cast<int>(spec_.peak_shelters * spec_.gridded_share);
    for (int block = 0; block < 80 && shelter_count_ < target; ++block) {
      const Point2 centre = RandomPointInCamp();
      const double angle = rng_.Chance(0.75)
                               ? base_angle_ + rng_.Uniform(-0.14, 0.14)
                               : rng_.Uniform(0, kPi);
      const TentModel& m = models_[rng_.UniformInt(0, models_.size() - 1)];
      // Tents side by side along a row, rows a lane apart.
      const double su = m.length_m + rng_.Uniform(1.6, 3.5);
      const double sv = m.width_m + rng_.Uniform(2.5, 6.0);
      const int rows = rng_.UniformInt(3, 9), cols = rng_.UniformInt(5, 14);
      const double c = std::cos(angle), s = std::sin(angle);
      const double skip = rng_.Uniform(0.02, 0.15);
      const double jitter = rng_.Uniform(0.05, 0.5);
      const double twist = rng_.Uniform(0.0, 0.06);
      int placed = 0;
      for (int i = 0; i < rows && shelter_count_ < target; ++i) {
        for (int j = 0; j < cols && shelter_count_ < target; ++j) {
          if (rng_.Chance(skip)) continue;
          const double u = (j - 0.5 * (cols - 1)) * su + rng_.Normal(0, jitter);
          const double v = (i - 0.5 * (rows - 1)) * sv + rng_.Normal(0, jitter);
          const double x = centre.x + c * u - s * v;
          const double y = centre.y + s * u + c * v;
          const double a = angle + rng_.Normal(0, twist);
          const bool makeshift = rng_.Chance(0.25 * spec_.makeshift_share);
          if (TryPlace(makeshift ? Makeshift(x, y, a) : Tent(x, y, m, a),
                       true)) {
            ++placed;
          }
        }
      }
      if (placed > 12 && rng_.Chance(0.25)) {
        FenceAround(centre.x, centre.y, 0.5 * cols * su + 1.5,
                    0.5 * rows * sv + 1.5, angle);
      }
    }
  }

  void MakeClusters() {
    // Rows hold few makeshift shelters (a quarter of the camp's share), so
    // clusters hold the rest and the camp's overall share comes out right.
    const double g = spec_.gridded_share;
    const double makeshift_p =
        std::min(0.9, spec_.makeshift_share * (1 - 0.25 * g) / (1 - g));
    for (int cluster = 0; cluster < 400 && shelter_count_ < spec_.peak_shelters;
         ++cluster) {
      const Point2 centre = RandomPointInCamp();
      const int n = rng_.UniformInt(8, 50);
      const double sigma = rng_.Uniform(6, 20);
      const bool aligned = rng_.Chance(0.5);
      const double cluster_angle = rng_.Uniform(0, kPi);
      for (int k = 0, tries = 0;
           k < n && tries < 4 * n && shelter_count_ < spec_.peak_shelters;
           ++tries) {
        const double x = centre.x + rng_.Normal(0, sigma);
        const double y = centre.y + rng_.Normal(0, sigma);
        const double a = aligned ? cluster_angle + rng_.Normal(0, 0.2)
                                 : rng_.Uniform(0, kPi);
        Shelter s;
        if (rng_.Chance(makeshift_p)) {
          s = Makeshift(x, y, a);
        } else {
          const TentModel m =
              rng_.Chance(0.6)
                  ? models_[rng_.UniformInt(0, models_.size() - 1)]
                  : TentModel{rng_.Uniform(3.0, 6.5), rng_.Uniform(3.0, 4.5)};
          s = Tent(x, y,
                   {std::max(m.length_m, m.width_m),
                    std::min(m.length_m, m.width_m)},
                   a);
        }
        if (TryPlace(std::move(s), true)) ++k;
      }
    }
  }

  void MakeTrees() {
    const double area_m2 = spec_.width_m() * spec_.height_m();
    const int want =
        static_cast<int>(area_m2 / 1000.0 * rng_.Uniform(0.15, 0.9));
    // Trees grow in clumps (along watercourses, around compounds).
    std::vector<Point2> clumps(rng_.UniformInt(3, 10));
    for (Point2& c : clumps) {
      c = {rng_.Uniform(0, spec_.width_m()), rng_.Uniform(0, spec_.height_m())};
    }
    for (int tries = 0;
         static_cast<int>(plan_.trees.size()) < want && tries < want * 6;
         ++tries) {
      Point2 p;
      if (rng_.Chance(0.55)) {
        const Point2& c = clumps[rng_.UniformInt(0, clumps.size() - 1)];
        p = {c.x + rng_.Normal(0, 40), c.y + rng_.Normal(0, 40)};
      } else {
        p = {rng_.Uniform(0, spec_.width_m()),
             rng_.Uniform(0, spec_.height_m())};
      }
      // Camps clear most trees for firewood and space.
      if (InsidePolygon(plan_.boundary, p.x, p.y) && !rng_.Chance(0.3)) {
        continue;
      }
      Tree tree;
      tree.cx = p.x;
      tree.cy = p.y;
      const double radius = rng_.Uniform(1.3, 4.5);
      tree.height_m = radius * rng_.Uniform(1.6, 2.4);
      const int lobes = rng_.UniformInt(3, 6);
      Box crown{p.x, p.y, p.x, p.y};
      for (int i = 0; i < lobes; ++i) {
        TreeLobe lobe;
        const double off = rng_.Uniform(0, 0.45) * radius;
        const double dir = rng_.Uniform(0, 2 * kPi);
        lobe.dx = off * std::cos(dir);
        lobe.dy = off * std::sin(dir);
        lobe.radius = radius * rng_.Uniform(0.5, 0.8);
        lobe.shade = rng_.Uniform(0.85, 1.15);
        crown = crown.Union(
            {p.x + lobe.dx - lobe.radius, p.y + lobe.dy - lobe.radius,
             p.x + lobe.dx + lobe.radius, p.y + lobe.dy + lobe.radius});
        tree.lobes.push_back(lobe);
      }
      tree.crown = crown;
      const double g = rng_.Uniform(0.8, 1.2);
      tree.colour = {rng_.Uniform(38, 62) * g, rng_.Uniform(62, 88) * g,
                     rng_.Uniform(30, 46) * g};
      // A crown never hides a shelter: labels stay exact.
      if (!index_.IsFree(crown, 0.5)) continue;
      plan_.trees.push_back(std::move(tree));
    }
  }

  // Which shelters stand on which day: growing camps fill outwards, shrinking
  // camps lose shelters anywhere, and a few makeshift shelters come and go.
  void AssignTimeline() {
    const double d0 = static_cast<double>(spec_.images.front().day);
    const double dl = static_cast<double>(spec_.images.back().day);
    const double span = dl > d0 ? dl - d0 : 90.0;
    std::vector<int> homes;
    for (int i = 0; i < static_cast<int>(plan_.shelters.size()); ++i) {
      if (plan_.shelters[i].kind != ShelterKind::kBuilding) homes.push_back(i);
    }
    if (homes.empty()) return;
    const double n = static_cast<double>(homes.size());
    // Rank by distance from the centre (with noise): the core came first.
    std::vector<std::pair<double, int>> grow;
    std::vector<std::pair<double, int>> shrink;
    for (int i : homes) {
      const Shelter& s = plan_.shelters[i];
      const double d = std::hypot(s.cx - centre_.x, s.cy - centre_.y) / radius_;
      grow.push_back({d + rng_.Normal(0, 0.25), i});
      shrink.push_back({rng_.Uniform(), i});
    }
    std::sort(grow.begin(), grow.end());
    std::sort(shrink.begin(), shrink.end());
    const double f0 = spec_.first_fraction, fl = spec_.last_fraction;
    for (size_t r = 0; r < grow.size(); ++r) {
      Shelter& s = plan_.shelters[grow[r].second];
      const double q = r / n;
      const double base = 0.8 * f0;
      if (q < base) {
        s.born_day = -kForever;
      } else if (q < f0) {
        s.born_day = std::floor(d0 - 180 + 179 * (q - base) / (f0 - base));
      } else {
        s.born_day = std::floor(d0 + 1 + (q - f0) / (1 - f0) * (span - 1));
      }
    }
    for (size_t r = 0; r < shrink.size(); ++r) {
      Shelter& s = plan_.shelters[shrink[r].second];
      const double q = r / n;
      if (q < 1 - fl) {
        s.gone_day = std::floor(d0 + 1 + q / (1 - fl) * (span - 1));
      }
      if (s.kind == ShelterKind::kMakeshift && rng_.Chance(0.08)) {
        s.born_day = std::floor(d0 + rng_.Uniform(-200, span));
        s.gone_day = s.born_day + std::floor(rng_.Uniform(60, 300));
      }
    }
  }

  void AssignOccupants() {
    for (size_t i = 0; i < plan_.shelters.size(); ++i) {
      Shelter& s = plan_.shelters[i];
      s.occupants =
          DrawOccupants(plan_.occupancy, s, SubSeed(spec_.plan_seed, 0x0cc, i));
    }
    const OccupancyModel& m = plan_.occupancy;
    plan_.no_shelter_share =
        std::clamp(rng_.Normal(m.no_shelter_household_share_mean,
                               m.no_shelter_household_share_sd),
                   0.01, 0.3);
  }

  const CampSpec& spec_;
  std::vector<Box> keep_out_;
  Rng rng_;
  SpacingIndex index_;
  Box image_;
  CampPlan plan_;
  std::vector<TentModel> models_;
  double colour_weights_[4] = {1, 1, 1, 1};
  double base_angle_ = 0;
  Point2 centre_;
  double radius_ = 100;
  int shelter_count_ = 0;
};

}  // namespace

absl::StatusOr<CampPlan> PlanCamp(const CampSpec& spec,
                                  const OccupancyModel& occupancy) {
  if (spec.images.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("camp ", spec.site_id, " has no image dates"));
  }
  return Planner(spec, occupancy).Run();
}

}  // namespace campcount::synth
