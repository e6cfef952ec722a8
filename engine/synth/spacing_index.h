// Boxes of placed objects in a coarse grid, so a generator can check in
// O(1) that a new object keeps its distance from every placed one.
#ifndef CAMPCOUNT_ENGINE_SYNTH_SPACING_INDEX_H_
#define CAMPCOUNT_ENGINE_SYNTH_SPACING_INDEX_H_

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "scene_objects.h"

namespace campcount::synth {

class SpacingIndex {
 public:
  // `cell`: grid spacing, in the boxes' unit; about the typical object size.
  explicit SpacingIndex(double cell) : cell_(cell) {}

  void Insert(const Box& b);

  // True when no stored box comes closer than `gap` to b.
  bool IsFree(const Box& b, double gap) const;

 private:
  template <typename Fn>
  void ForCells(const Box& b, Fn fn) const;

  double cell_;
  std::vector<Box> boxes_;
  std::unordered_map<int64_t, std::vector<int>> cells_;
};

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_SPACING_INDEX_H_
