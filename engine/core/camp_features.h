// Camp features (what estimators read) from the detections the pipeline kept.
#ifndef CAMPCOUNT_ENGINE_CORE_CAMP_FEATURES_H_
#define CAMPCOUNT_ENGINE_CORE_CAMP_FEATURES_H_

#include <string>
#include <vector>

#include "campcount/v1/detection.pb.h"
#include "campcount/v1/estimate.pb.h"

namespace campcount::core {

struct FeatureContext {
  std::string camp_id;
  std::string image_date;
  std::string target_date;
  double camp_area_m2 = 0;
  double gsd_m = 0;
  float score_threshold = 0.5f;
};

// Counts kept detections at or above the threshold, sums their areas, and
// notes how many sit within 0.1 of the threshold (a count sensitive to it).
campcount::v1::CampFeatures ComputeFeatures(
    const std::vector<campcount::v1::Detection>& detections,
    const FeatureContext& context);

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_CAMP_FEATURES_H_
