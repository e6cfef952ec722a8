// The camp boundary in scene pixels: which detections lie inside the camp.
#ifndef CAMPCOUNT_ENGINE_CORE_BOUNDARY_H_
#define CAMPCOUNT_ENGINE_CORE_BOUNDARY_H_

#include <vector>

#include "box.h"
#include "campcount/v1/geometry.pb.h"
#include "google/protobuf/repeated_field.h"

namespace campcount::core {

class Boundary {
 public:
  // No parts: the whole image is the camp and everything is inside.
  explicit Boundary(
      const google::protobuf::RepeatedPtrField<campcount::v1::PixelPolygon>&
          parts);

  // Even-odd rule over all rings of all parts (holes excluded).
  bool Contains(double x, double y) const;

  // False when the window cannot hold any point of the boundary.
  bool MayIntersect(const Box& window) const;

  bool empty() const { return parts_.empty(); }

 private:
  struct Ring {
    std::vector<double> x, y;
  };
  struct Part {
    std::vector<Ring> rings;
    Box bounds;
  };
  std::vector<Part> parts_;
};

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_BOUNDARY_H_
