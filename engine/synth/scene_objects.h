// The things a synthetic camp is made of, in metres on the ground.
//
// Coordinates are "image metres": x east and y south from the top-left
// corner of the camp's images, so pixel = metre / gsd for every date.
#ifndef CAMPCOUNT_ENGINE_SYNTH_SCENE_OBJECTS_H_
#define CAMPCOUNT_ENGINE_SYNTH_SCENE_OBJECTS_H_

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace campcount::synth {

struct Point2 {
  double x = 0;
  double y = 0;
};

struct Box {
  double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
  bool Intersects(const Box& o) const {
    return xmin < o.xmax && o.xmin < xmax && ymin < o.ymax && o.ymin < ymax;
  }
  bool Contains(const Box& o) const {
    return xmin <= o.xmin && ymin <= o.ymin && o.xmax <= xmax && o.ymax <= ymax;
  }
  Box Inflated(double d) const {
    return {xmin - d, ymin - d, xmax + d, ymax + d};
  }
  Box Union(const Box& o) const {
    return {std::min(xmin, o.xmin), std::min(ymin, o.ymin),
            std::max(xmax, o.xmax), std::max(ymax, o.ymax)};
  }
  Box Scaled(double f) const {
    return {xmin * f, ymin * f, xmax * f, ymax * f};
  }
};

Box BoundsOf(const std::vector<Point2>& points);

struct Rgb {
  double r = 0, g = 0, b = 0;
};

enum class ShelterKind { kTent, kMakeshift, kBuilding };

// "tent", "makeshift", "building": the label's `kind`.
const char* KindName(ShelterKind kind);

inline constexpr double kForever = std::numeric_limits<double>::infinity();

// A tent, a makeshift shelter or a permanent building.
struct Shelter {
  ShelterKind kind = ShelterKind::kTent;
  // Centre, long side, short side, and the long side's angle from east
  // (radians, clockwise on the image since y points south).
  double cx = 0, cy = 0, length_m = 0, width_m = 0, angle = 0;
  // The footprint: 4 corners for tents and buildings, an irregular ring for
  // makeshift shelters. Labels and boxes come from it exactly.
  std::vector<Point2> footprint;
  Box bounds;
  double area_m2 = 0;
  double height_m = 2;
  Rgb colour;
  std::string colour_name;
  // Tents: 0 ridge tent (two-tone roof), 1 flat sheeting with a frame.
  // Buildings: 0 corrugated sheet, 1 hipped roof.
  int style = 0;
  // The shelter stands on day d (days since 1970-01-01) iff
  // born_day <= d < gone_day.
  double born_day = -kForever;
  double gone_day = kForever;
  // People living in it (0 for buildings: schools, clinics, offices).
  int occupants = 0;
  uint64_t texture_seed = 0;
  bool StandsOn(double day) const { return born_day <= day && day < gone_day; }
};

struct TreeLobe {
  double dx = 0, dy = 0, radius = 0, shade = 1;
};

struct Tree {
  double cx = 0, cy = 0, height_m = 6;
  std::vector<TreeLobe> lobes;
  Rgb colour;
  Box crown;
};

// A dirt track: a polyline of given width, lighter and smoother than the
// ground around it.
struct Track {
  std::vector<Point2> points;
  double width_m = 4;
  double lightness = 1.1;
};

// A fence: thin dark line with posts, often around a block or compound.
struct Fence {
  std::vector<Point2> points;
  bool closed = false;
  double post_spacing_m = 3;
};

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_SCENE_OBJECTS_H_
