#include "nms.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace campcount::core {
namespace {

// Grid cell key of integer cell coordinates.
int64_t CellKey(int64_t cx, int64_t cy) {
  return (cx << 32) ^ (cy & 0xffffffff);
}

}  // namespace

std::vector<size_t> NonMaximumSuppression(const std::vector<Box>& boxes,
                                          const std::vector<float>& scores,
                                          const NmsOptions& options) {
  std::vector<size_t> order(boxes.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] > scores[b]; });

  // Cells as large as the largest box: overlapping boxes share a cell or
  // touch neighbouring ones.
  double cell = 1.0;
  for (const Box& box : boxes)
    cell = std::max({cell, box.Width(), box.Height()});

  std::unordered_map<int64_t, std::vector<size_t>> kept_by_cell;
  std::vector<size_t> kept;
  for (size_t index : order) {
    const Box& box = boxes[index];
    if (box.Area() <= 0) continue;
    const int64_t cx = static_cast<int64_t>(std::floor(box.CenterX() / cell));
    const int64_t cy = static_cast<int64_t>(std::floor(box.CenterY() / cell));
    bool suppressed = false;
    for (int64_t dy = -1; dy <= 1 && !suppressed; ++dy) {
      for (int64_t dx = -1; dx <= 1 && !suppressed; ++dx) {
        auto it = kept_by_cell.find(CellKey(cx + dx, cy + dy));
        if (it == kept_by_cell.end()) continue;
        for (size_t other : it->second) {
          const Box& winner = boxes[other];
          const double inter = IntersectionArea(box, winner);
          if (inter <= 0) continue;
          const double smaller = std::min(box.Area(), winner.Area());
          if (IntersectionOverUnion(box, winner) > options.iou_threshold ||
              inter / smaller > options.containment_threshold) {
            suppressed = true;
            break;
          }
        }
      }
    }
    if (suppressed) continue;
    kept.push_back(index);
    kept_by_cell[CellKey(cx, cy)].push_back(index);
  }
  return kept;
}

}  // namespace campcount::core
