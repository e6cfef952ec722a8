#include "camp_features.h"

#include <gtest/gtest.h>

namespace campcount::core {
namespace {

campcount::v1::Detection Make(float score, double area, bool kept = true) {
  campcount::v1::Detection d;
  d.set_score(score);
  d.set_area_m2(area);
  d.set_kept(kept);
  return d;
}

TEST(FeaturesTest, CountsOnlyKeptBoxesAtOrAboveTheThreshold) {
  std::vector<campcount::v1::Detection> detections = {
      Make(0.95f, 16.0), Make(0.55f, 20.0), Make(0.5f, 12.5),
      Make(0.49f, 30.0),                 // below the threshold
      Make(0.99f, 40.0, /*kept=*/false)  // dropped by NMS or the boundary
  };
  FeatureContext context;
  context.score_threshold = 0.5f;
  context.image_date = "2020-01-10";
  context.target_date = "2020-03-01";
  context.camp_area_m2 = 1e5;
  context.gsd_m = 0.5;
  campcount::v1::CampFeatures f = ComputeFeatures(detections, context);
  EXPECT_EQ(f.tent_count(), 3);
  EXPECT_DOUBLE_EQ(f.total_tent_area_m2(), 48.5);
  EXPECT_EQ(f.near_threshold_count(), 2);  // 0.55 and 0.5 are within 0.1
  EXPECT_NEAR(f.mean_score(), (0.95 + 0.55 + 0.5) / 3, 1e-6);
  EXPECT_EQ(f.days_to_target(), 51);
  EXPECT_DOUBLE_EQ(f.camp_area_m2(), 1e5);
}

TEST(FeaturesTest, TargetDefaultsToImageDate) {
  FeatureContext context;
  context.image_date = "2020-01-10";
  campcount::v1::CampFeatures f = ComputeFeatures({}, context);
  EXPECT_EQ(f.tent_count(), 0);
  EXPECT_EQ(f.target_date(), "2020-01-10");
  EXPECT_EQ(f.days_to_target(), 0);
}

}  // namespace
}  // namespace campcount::core
