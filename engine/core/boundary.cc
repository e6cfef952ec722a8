#include "boundary.h"

#include <algorithm>
#include <limits>

namespace campcount::core {

Boundary::Boundary(
    const google::protobuf::RepeatedPtrField<campcount::v1::PixelPolygon>&
        parts) {
  for (const campcount::v1::PixelPolygon& polygon : parts) {
    Part part;
    part.bounds = Box{std::numeric_limits<double>::max(),
                      std::numeric_limits<double>::max(),
                      std::numeric_limits<double>::lowest(),
                      std::numeric_limits<double>::lowest()};
    for (const campcount::v1::PixelRing& ring : polygon.rings()) {
      const int n = std::min(ring.x_size(), ring.y_size());
      if (n < 3) continue;
      Ring copy;
      copy.x.assign(ring.x().begin(), ring.x().begin() + n);
      copy.y.assign(ring.y().begin(), ring.y().begin() + n);
      for (int i = 0; i < n; ++i) {
        part.bounds.xmin = std::min(part.bounds.xmin, copy.x[i]);
        part.bounds.ymin = std::min(part.bounds.ymin, copy.y[i]);
        part.bounds.xmax = std::max(part.bounds.xmax, copy.x[i]);
        part.bounds.ymax = std::max(part.bounds.ymax, copy.y[i]);
      }
      part.rings.push_back(std::move(copy));
    }
    if (!part.rings.empty()) parts_.push_back(std::move(part));
  }
}

bool Boundary::Contains(double x, double y) const {
  if (parts_.empty()) return true;
  for (const Part& part : parts_) {
    if (x < part.bounds.xmin || x > part.bounds.xmax || y < part.bounds.ymin ||
        y > part.bounds.ymax) {
      continue;
    }
    bool inside = false;
    for (const Ring& ring : part.rings) {
      const size_t n = ring.x.size();
      for (size_t i = 0, j = n - 1; i < n; j = i++) {
        const bool crosses = (ring.y[i] > y) != (ring.y[j] > y);
        if (crosses && x < (ring.x[j] - ring.x[i]) * (y - ring.y[i]) /
                                   (ring.y[j] - ring.y[i]) +
                               ring.x[i]) {
          inside = !inside;
        }
      }
    }
    if (inside) return true;
  }
  return false;
}

bool Boundary::MayIntersect(const Box& window) const {
  if (parts_.empty()) return true;
  for (const Part& part : parts_) {
    if (IntersectionArea(part.bounds, window) > 0) return true;
  }
  return false;
}

}  // namespace campcount::core
