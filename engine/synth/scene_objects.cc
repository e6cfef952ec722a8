#include "scene_objects.h"

namespace campcount::synth {

Box BoundsOf(const std::vector<Point2>& points) {
  Box b{std::numeric_limits<double>::infinity(),
        std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity()};
  for (const Point2& p : points) {
    b.xmin = std::min(b.xmin, p.x);
    b.ymin = std::min(b.ymin, p.y);
    b.xmax = std::max(b.xmax, p.x);
    b.ymax = std::max(b.ymax, p.y);
  }
  return b;
}

const char* KindName(ShelterKind kind) {
  switch (kind) {
    case ShelterKind::kTent:
      return "tent";
    case ShelterKind::kMakeshift:
      return "makeshift";
    case ShelterKind::kBuilding:
      return "building";
  }
  return "tent";
}

}  // namespace campcount::synth
