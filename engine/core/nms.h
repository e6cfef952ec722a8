// Scene-wide non-maximum suppression: a shelter seen by two overlapping tiles
// counts once.
#ifndef CAMPCOUNT_ENGINE_CORE_NMS_H_
#define CAMPCOUNT_ENGINE_CORE_NMS_H_

#include <vector>

#include "box.h"

namespace campcount::core {

struct NmsOptions {
  // Two boxes are one object when their IoU exceeds this...
  double iou_threshold = 0.5;
  // ...or when this share of the smaller box lies inside the larger one (a
  // tile edge cut one copy short, so IoU alone would keep both).
  double containment_threshold = 0.7;
};

// Indices of the boxes kept, highest score first. Greedy, using a uniform
// grid so the cost grows with the number of boxes, not its square.
std::vector<size_t> NonMaximumSuppression(const std::vector<Box>& boxes,
                                          const std::vector<float>& scores,
                                          const NmsOptions& options);

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_NMS_H_
