#include "image_evaluation.h"

#include <map>
#include <utility>

namespace campcount::evaluation {

ImageEvaluation EvaluateImage(std::string camp_id, std::string image_id,
                              std::string image_path,
                              std::vector<ScoredBox> detections,
                              std::vector<LabelBox> labels,
                              double iou_threshold) {
  ImageEvaluation image;
  image.camp_id = std::move(camp_id);
  image.image_id = std::move(image_id);
  image.image_path = std::move(image_path);
  image.detections = std::move(detections);
  for (LabelBox& label : labels) {
    (IsPositive(label) ? image.truths : image.others)
        .push_back(std::move(label));
  }
  std::vector<core::Box> truth_boxes;
  truth_boxes.reserve(image.truths.size());
  for (const LabelBox& t : image.truths) truth_boxes.push_back(t.box);
  image.match = MatchDetections(image.detections, truth_boxes, iou_threshold);
  image.outcome = OutcomeOf(image.detections, image.match);
  return image;
}

int64_t FalsePositivesOnOtherLabels(const ImageEvaluation& image,
                                    float threshold, double iou_threshold) {
  int64_t count = 0;
  for (size_t d = 0; d < image.detections.size(); ++d) {
    if (image.detections[d].score < threshold ||
        image.match.detection_truth[d] >= 0) {
      continue;
    }
    for (const LabelBox& other : image.others) {
      if (core::IntersectionOverUnion(image.detections[d].box, other.box) >=
          iou_threshold) {
        ++count;
        break;
      }
    }
  }
  return count;
}

EvaluationReport BuildReport(const std::vector<ImageEvaluation>& images,
                             float threshold, double iou_threshold) {
  EvaluationReport report;
  report.threshold = threshold;
  report.iou_threshold = iou_threshold;
  std::vector<std::string> order;
  std::map<std::string, std::vector<const ImageEvaluation*>> by_camp;
  std::vector<const ImageOutcome*> all;
  int64_t all_on_others = 0;
  for (const ImageEvaluation& image : images) {
    if (!by_camp.count(image.camp_id)) order.push_back(image.camp_id);
    by_camp[image.camp_id].push_back(&image);
    all.push_back(&image.outcome);
  }
  for (const std::string& camp : order) {
    GroupSummary group;
    group.camp_id = camp;
    std::vector<const ImageOutcome*> outcomes;
    for (const ImageEvaluation* image : by_camp[camp]) {
      outcomes.push_back(&image->outcome);
      group.false_positives_on_other_labels +=
          FalsePositivesOnOtherLabels(*image, threshold, iou_threshold);
    }
    group.images = static_cast<int64_t>(outcomes.size());
    group.summary = Summarize(outcomes, threshold);
    all_on_others += group.false_positives_on_other_labels;
    report.camps.push_back(std::move(group));
  }
  report.overall.camp_id = "overall";
  report.overall.images = static_cast<int64_t>(images.size());
  report.overall.summary = Summarize(all, threshold);
  report.overall.false_positives_on_other_labels = all_on_others;
  for (int tenths = 1; tenths <= 9; ++tenths) {
    const float t = static_cast<float>(tenths) / 10.0f;
    report.operating_points.push_back({t, Summarize(all, t)});
  }
  return report;
}

}  // namespace campcount::evaluation
