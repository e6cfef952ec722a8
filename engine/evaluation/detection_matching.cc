#include "detection_matching.h"

#include <algorithm>
#include <numeric>

namespace campcount::evaluation {

ImageMatch MatchDetections(const std::vector<ScoredBox>& detections,
                           const std::vector<core::Box>& truths,
                           double iou_threshold) {
  ImageMatch match;
  match.detection_truth.assign(detections.size(), -1);
  match.detection_iou.assign(detections.size(), 0.0);
  match.truth_detection.assign(truths.size(), -1);

  std::vector<size_t> order(detections.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return detections[a].score > detections[b].score;
  });
  for (size_t d : order) {
    int best = -1;
    double best_iou = 0;
    for (size_t t = 0; t < truths.size(); ++t) {
      if (match.truth_detection[t] >= 0) continue;
      const double iou =
          core::IntersectionOverUnion(detections[d].box, truths[t]);
      if (iou >= iou_threshold && iou > best_iou) {
        best = static_cast<int>(t);
        best_iou = iou;
      }
    }
    if (best >= 0) {
      match.detection_truth[d] = best;
      match.detection_iou[d] = best_iou;
      match.truth_detection[best] = static_cast<int>(d);
    }
  }
  return match;
}

}  // namespace campcount::evaluation
