// Matching detections to ground-truth boxes of one image, the way detection
// benchmarks do: detections in descending score order each take the
// not-yet-matched truth box they overlap most, if that overlap reaches the
// IoU threshold; every truth box is matched at most once.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_DETECTION_MATCHING_H_
#define CAMPCOUNT_ENGINE_EVALUATION_DETECTION_MATCHING_H_

#include <vector>

#include "box.h"

namespace campcount::evaluation {

inline constexpr double kDefaultIouThreshold = 0.5;

struct ScoredBox {
  core::Box box;
  float score = 0;
};

struct ImageMatch {
  // Per detection (same order as given): the truth it matched, or -1 (a
  // false positive), and that IoU (0 when unmatched).
  std::vector<int> detection_truth;
  std::vector<double> detection_iou;
  // Per truth box: the detection that matched it, or -1 (a miss).
  std::vector<int> truth_detection;
};

// Greedy matching at IoU >= `iou_threshold`. Ties in score keep the given
// order, so the result is deterministic. Because higher scores match first,
// the matches of the detections scoring >= any threshold are exactly what
// matching only those detections would give: one matching serves every
// operating point and the precision-recall curve.
ImageMatch MatchDetections(const std::vector<ScoredBox>& detections,
                           const std::vector<core::Box>& truths,
                           double iou_threshold = kDefaultIouThreshold);

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_DETECTION_MATCHING_H_
