#include "spacing_index.h"

#include <cmath>

namespace campcount::synth {

template <typename Fn>
void SpacingIndex::ForCells(const Box& b, Fn fn) const {
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

void SpacingIndex::Insert(const Box& b) {
  const int id = static_cast<int>(boxes_.size());
  boxes_.push_back(b);
  ForCells(b, [&](int64_t key) {
    cells_[key].push_back(id);
    return true;
  });
}

bool SpacingIndex::IsFree(const Box& b, double gap) const {
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

}  // namespace campcount::synth
