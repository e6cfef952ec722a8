// One image's detections against its labels, and the summaries per camp
// and overall that `campcount evaluate` reports.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_IMAGE_EVALUATION_H_
#define CAMPCOUNT_ENGINE_EVALUATION_IMAGE_EVALUATION_H_

#include <string>
#include <vector>

#include "detection_matching.h"
#include "detection_metrics.h"
#include "label_file.h"

namespace campcount::evaluation {

struct ImageEvaluation {
  // The camp the image belongs to (groups the per-camp table); for plain
  // tiles, the tile's name.
  std::string camp_id;
  std::string image_id;
  std::string image_path;
  // Metres per pixel the detector saw (after any resampling); 0: unknown.
  double detector_gsd_m = 0;
  // Every detection the engine returned, in the image's pixels.
  std::vector<ScoredBox> detections;
  // Labels of the positive class (the truth) and of other classes
  // (makeshift shelters, buildings: not counted, but worth knowing when a
  // false positive sits on one).
  std::vector<LabelBox> truths;
  std::vector<LabelBox> others;
  ImageMatch match;
  ImageOutcome outcome;
};

// Splits the labels by class and matches the detections to the truth.
ImageEvaluation EvaluateImage(std::string camp_id, std::string image_id,
                              std::string image_path,
                              std::vector<ScoredBox> detections,
                              std::vector<LabelBox> labels,
                              double iou_threshold = kDefaultIouThreshold);

// False positives at `threshold` that overlap a label of another class
// (makeshift shelter, building) at IoU >= iou_threshold.
int64_t FalsePositivesOnOtherLabels(
    const ImageEvaluation& image, float threshold,
    double iou_threshold = kDefaultIouThreshold);

struct GroupSummary {
  std::string camp_id;
  int64_t images = 0;
  DetectionSummary summary;
  int64_t false_positives_on_other_labels = 0;
};

// The overall numbers had the threshold been another: the trade-off the
// stakeholders choose the threshold from (more tents found, more false).
struct OperatingPoint {
  float threshold = 0;
  DetectionSummary summary;
};

struct EvaluationReport {
  float threshold = 0.5f;
  double iou_threshold = kDefaultIouThreshold;
  // Per camp, in order of first appearance.
  std::vector<GroupSummary> camps;
  GroupSummary overall;
  // Overall at 0.1, 0.2, ..., 0.9 (from the same detections).
  std::vector<OperatingPoint> operating_points;
};

EvaluationReport BuildReport(const std::vector<ImageEvaluation>& images,
                             float threshold,
                             double iou_threshold = kDefaultIouThreshold);

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_IMAGE_EVALUATION_H_
