#include "camp_features.h"

#include "georeference.h"

namespace campcount::core {

campcount::v1::CampFeatures ComputeFeatures(
    const std::vector<campcount::v1::Detection>& detections,
    const FeatureContext& context) {
  constexpr float kNearThresholdBand = 0.1f;
  campcount::v1::CampFeatures features;
  int64_t count = 0, near = 0;
  double area = 0, score_sum = 0;
  for (const campcount::v1::Detection& detection : detections) {
    if (!detection.kept() || detection.score() < context.score_threshold) {
      continue;
    }
    ++count;
    area += detection.area_m2();
    score_sum += detection.score();
    if (detection.score() < context.score_threshold + kNearThresholdBand) {
      ++near;
    }
  }
  features.set_camp_id(context.camp_id);
  features.set_tent_count(count);
  features.set_total_tent_area_m2(area);
  features.set_near_threshold_count(near);
  features.set_mean_score(count > 0 ? score_sum / count : 0.0);
  features.set_image_date(context.image_date);
  const std::string target =
      context.target_date.empty() ? context.image_date : context.target_date;
  features.set_target_date(target);
  features.set_days_to_target(
      DaysBetween(context.image_date, target).value_or(0));
  features.set_camp_area_m2(context.camp_area_m2);
  features.set_gsd_m(context.gsd_m);
  features.set_score_threshold(context.score_threshold);
  return features;
}

}  // namespace campcount::core
