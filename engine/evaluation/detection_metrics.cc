#include "detection_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "campcount/number_format.h"

namespace campcount::evaluation {
namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

double Ratio(int64_t numerator, int64_t denominator) {
  return denominator > 0 ? static_cast<double>(numerator) / denominator
                         : kUndefined;
}

}  // namespace

ImageOutcome OutcomeOf(const std::vector<ScoredBox>& detections,
                       const ImageMatch& match) {
  ImageOutcome outcome;
  outcome.detections.reserve(detections.size());
  for (size_t d = 0; d < detections.size(); ++d) {
    outcome.detections.push_back(
        {detections[d].score, match.detection_truth[d] >= 0});
  }
  outcome.truth_count = static_cast<int64_t>(match.truth_detection.size());
  return outcome;
}

double AveragePrecision(std::vector<RankedDetection> detections,
                        int64_t truth_count) {
  if (truth_count <= 0) return kUndefined;
  std::stable_sort(detections.begin(), detections.end(),
                   [](const RankedDetection& a, const RankedDetection& b) {
                     return a.score > b.score;
                   });
  // Points of the curve, with the sentinels (recall 0, precision 0) and
  // (recall 1, precision 0) of the VOC development kit.
  std::vector<double> recall = {0.0}, precision = {0.0};
  int64_t tp = 0, fp = 0;
  for (const RankedDetection& d : detections) {
    d.true_positive ? ++tp : ++fp;
    recall.push_back(static_cast<double>(tp) / truth_count);
    precision.push_back(static_cast<double>(tp) / (tp + fp));
  }
  recall.push_back(1.0);
  precision.push_back(0.0);
  for (size_t i = precision.size() - 1; i > 0; --i) {
    precision[i - 1] = std::max(precision[i - 1], precision[i]);
  }
  double ap = 0;
  for (size_t i = 1; i < recall.size(); ++i) {
    ap += (recall[i] - recall[i - 1]) * precision[i];
  }
  return ap;
}

DetectionSummary Summarize(const std::vector<const ImageOutcome*>& images,
                           float threshold) {
  DetectionSummary s;
  std::vector<RankedDetection> ranked;
  for (const ImageOutcome* image : images) {
    s.truths += image->truth_count;
    for (const RankedDetection& d : image->detections) {
      ranked.push_back(d);
      if (d.score < threshold) continue;
      d.true_positive ? ++s.true_positives : ++s.false_positives;
    }
  }
  s.misses = s.truths - s.true_positives;
  s.precision = Ratio(s.true_positives, s.true_positives + s.false_positives);
  s.recall = Ratio(s.true_positives, s.truths);
  s.f1 = std::isnan(s.precision) || std::isnan(s.recall)
             ? kUndefined
             : (s.precision + s.recall > 0
                    ? 2 * s.precision * s.recall / (s.precision + s.recall)
                    : 0.0);
  s.average_precision = AveragePrecision(std::move(ranked), s.truths);
  return s;
}

std::string FoundSentence(const DetectionSummary& summary,
                          const std::string& object_plural) {
  return absl::StrCat(
      "found ", sdk::FormatCount(summary.true_positives), " of ",
      sdk::FormatCount(summary.truths), " ", object_plural, ", ",
      sdk::FormatCount(summary.false_positives),
      summary.false_positives == 1 ? " false positive" : " false positives");
}

}  // namespace campcount::evaluation
