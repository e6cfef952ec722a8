// Precision, recall, F1 and average precision from matched detections, for
// one image, one camp or a whole dataset.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_DETECTION_METRICS_H_
#define CAMPCOUNT_ENGINE_EVALUATION_DETECTION_METRICS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "detection_matching.h"

namespace campcount::evaluation {

// One detection on the ranked list behind the precision-recall curve.
struct RankedDetection {
  float score = 0;
  bool true_positive = false;
};

// What one image contributes: every detection (whatever its score) with
// whether it matched, and how many truth boxes there were.
struct ImageOutcome {
  std::vector<RankedDetection> detections;
  int64_t truth_count = 0;
};

ImageOutcome OutcomeOf(const std::vector<ScoredBox>& detections,
                       const ImageMatch& match);

struct DetectionSummary {
  int64_t truths = 0;
  // At the operating threshold.
  int64_t true_positives = 0;
  int64_t false_positives = 0;
  int64_t misses = 0;
  // NaN where undefined: precision with no detections, recall with no
  // truth, F1 when either is undefined, AP with no truth.
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  // Over every detection (the whole ranked list, all thresholds).
  double average_precision = 0;
};

// Pools the images (matching stays per image) and measures at `threshold`:
// a detection counts when its score >= threshold.
DetectionSummary Summarize(const std::vector<const ImageOutcome*>& images,
                           float threshold);

// Area under the precision-recall curve, all-point interpolated (PASCAL VOC
// 2010 onwards): precision made monotone from the right, summed over every
// step in recall. NaN when truth_count is 0; 0 with truths but no
// detections. Detections are ranked by descending score (stable).
double AveragePrecision(std::vector<RankedDetection> detections,
                        int64_t truth_count);

// The field case's sentence: "found 36,687 of 46,395 tents, 12,431 false
// positives".
std::string FoundSentence(const DetectionSummary& summary,
                          const std::string& object_plural = "tents");

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_DETECTION_METRICS_H_
