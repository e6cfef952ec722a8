#include "regression_estimator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "area_linear_estimator.h"
#include "time_adjusted_estimator.h"

namespace campcount::plugins {
namespace {

using ::testing::HasSubstr;

const campcount::sdk::CallContext kNoContext(nullptr);

// The "time_adjusted" case of engine/stats/testdata/reference.txt (numpy):
// columns 1, area, days; then two prediction rows.
struct Reference {
  std::vector<std::vector<double>> x;
  std::vector<double> y, beta, se;
  std::vector<std::vector<double>> predictions;
};

Reference ReadCase(const std::string& name) {
  std::ifstream in(CAMPCOUNT_STATS_TESTDATA "/reference.txt");
  Reference out;
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string tag;
    fields >> tag;
    if (tag == "case") {
      std::string case_name;
      fields >> case_name;
      inside = case_name == name;
      continue;
    }
    if (!inside) continue;
    std::vector<double> v;
    double d;
    while (fields >> d) v.push_back(d);
    if (tag == "x") out.x.push_back(v);
    if (tag == "y") out.y.push_back(v[0]);
    if (tag == "beta") out.beta = v;
    if (tag == "se") out.se = v;
    if (tag == "pred") out.predictions.push_back(v);
  }
  return out;
}

campcount::v1::CampFeatures Features(double area, int days,
                                     const std::string& camp = "AD_S001") {
  campcount::v1::CampFeatures f;
  f.set_camp_id(camp);
  f.set_tent_count(static_cast<int64_t>(area / 20));
  f.set_total_tent_area_m2(area);
  f.set_image_date("2019-03-14");
  f.set_target_date("2019-03-14");
  f.set_days_to_target(days);
  f.set_score_threshold(0.5f);
  return f;
}

campcount::v1::FitRequest FitRequestFrom(const Reference& ref, bool with_days) {
  campcount::v1::FitRequest request;
  for (size_t i = 0; i < ref.x.size(); ++i) {
    auto* example = request.add_examples();
    *example->mutable_features() =
        Features(ref.x[i][1], with_days ? int(ref.x[i][2]) : 0,
                 "camp" + std::to_string(i % 7));
    example->set_population(ref.y[i]);
  }
  return request;
}

std::unique_ptr<TimeAdjustedEstimator> TimeAdjusted() {
  return std::move(TimeAdjustedEstimator::Create({})).value();
}

campcount::v1::CalibrationArtifact ArtifactFrom(
    const campcount::v1::FitResponse& fit, const std::string& estimator) {
  campcount::v1::CalibrationArtifact artifact;
  artifact.set_estimator(estimator);
  artifact.set_version("1");
  artifact.set_path("models/calibration/" + estimator + "/1/calibration.json");
  artifact.set_sha256("abc123");
  artifact.set_score_threshold(0.5f);
  *artifact.mutable_fit() = fit.fit();
  return artifact;
}

TEST(TimeAdjusted, FitMatchesNumpy) {
  const Reference ref = ReadCase("time_adjusted");
  ASSERT_EQ(ref.x.size(), 50u);
  auto fit = TimeAdjusted()->Fit(FitRequestFrom(ref, true), kNoContext);
  ASSERT_TRUE(fit.ok()) << fit.status();
  ASSERT_EQ(fit->fit().coefficients_size(), 3);
  const char* names[] = {"intercept", "total_tent_area_m2", "days_since_image"};
  for (int j = 0; j < 3; ++j) {
    EXPECT_EQ(fit->fit().coefficients(j).name(), names[j]);
    EXPECT_NEAR(fit->fit().coefficients(j).value(), ref.beta[j],
                1e-9 * std::fabs(ref.beta[j]));
    EXPECT_NEAR(fit->fit().coefficients(j).standard_error(), ref.se[j],
                1e-9 * ref.se[j]);
  }
  EXPECT_EQ(fit->fit().n(), 50);
  EXPECT_EQ(fit->fit().camps(), 7);
  EXPECT_EQ(fit->fit().degrees_of_freedom(), 47);
  ASSERT_EQ(fit->fit().training_range_size(), 3);
  EXPECT_EQ(fit->fit().training_range(1).name(), "days_since_image");
}

TEST(TimeAdjusted, EstimateGivesTheNumpyPredictionInterval) {
  const Reference ref = ReadCase("time_adjusted");
  auto estimator = TimeAdjusted();
  auto fit = estimator->Fit(FitRequestFrom(ref, true), kNoContext);
  ASSERT_TRUE(fit.ok()) << fit.status();
  campcount::v1::EstimatorRequest request;
  *request.mutable_calibration() = ArtifactFrom(*fit, "time_adjusted");
  const std::vector<double>& row = ref.predictions[0];  // 1, 25000, 30
  *request.mutable_features() = Features(row[1], int(row[2]));
  auto response = estimator->Estimate(request, kNoContext);
  ASSERT_TRUE(response.ok()) << response.status();
  const auto& estimate = response->estimate();
  EXPECT_NEAR(estimate.population(), row[3], 1e-9 * row[3]);
  EXPECT_NEAR(estimate.interval().lower(), row[4], 1e-9 * row[4]);
  EXPECT_NEAR(estimate.interval().upper(), row[5], 1e-9 * row[5]);
  EXPECT_DOUBLE_EQ(estimate.interval().level(), 0.95);
  const auto& explanation = estimate.explanation();
  EXPECT_THAT(explanation.formula(), HasSubstr("× 25,000 m² + "));
  EXPECT_THAT(explanation.formula(), HasSubstr("× 30 days = "));
  EXPECT_THAT(explanation.assumptions(0),
              HasSubstr("n = 50 surveys of 7 camps"));
  ASSERT_GE(explanation.components_size(), 1);
  EXPECT_EQ(explanation.components(0).role(), "calibration");
  EXPECT_EQ(explanation.components(0).sha256(), "abc123");
  EXPECT_TRUE(explanation.warnings().empty())
      << explanation.warnings(0);  // inside the training range, near date
}

TEST(TimeAdjusted, WarnsOfExtrapolationFarImagesAndThresholdChoice) {
  const Reference ref = ReadCase("time_adjusted");
  auto estimator = TimeAdjusted();
  auto fit = estimator->Fit(FitRequestFrom(ref, true), kNoContext);
  ASSERT_TRUE(fit.ok());
  campcount::v1::EstimatorRequest request;
  *request.mutable_calibration() = ArtifactFrom(*fit, "time_adjusted");
  const std::vector<double>& row = ref.predictions[1];  // 1, 70000, 400
  *request.mutable_features() = Features(row[1], int(row[2]));
  request.mutable_features()->set_near_threshold_count(
      request.features().tent_count() / 2);
  auto response = estimator->Estimate(request, kNoContext);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_NEAR(response->estimate().interval().upper(), row[5], 1e-9 * row[5]);
  const std::string warnings =
      absl::StrJoin(response->estimate().explanation().warnings(), "\n");
  EXPECT_THAT(warnings, HasSubstr("Extrapolation: the total tent area is "
                                  "70,000 m², outside"));
  EXPECT_THAT(warnings, HasSubstr("Extrapolation: the time from image to "
                                  "target date is 400 days"));
  EXPECT_THAT(warnings, HasSubstr("is 400 days from the target date"));
  EXPECT_THAT(warnings, HasSubstr("scored just above the threshold"));
}

TEST(AreaLinear, CensusAboveTheIntervalWarnsOfShelterShortage) {
  const Reference ref = ReadCase("area_linear");
  auto estimator = std::move(AreaLinearEstimator::Create({})).value();
  auto fit = estimator->Fit(FitRequestFrom(ref, false), kNoContext);
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_NEAR(fit->fit().coefficients(1).value(), ref.beta[1],
              1e-9 * ref.beta[1]);
  campcount::v1::EstimatorRequest request;
  *request.mutable_calibration() = ArtifactFrom(*fit, "area_linear");
  *request.mutable_features() = Features(20000, 0);
  auto* census = request.add_census();
  census->mutable_record()->set_survey_date("2019-03-30");
  census->mutable_record()->set_individuals(9000);  // interval ~3,081–5,734
  auto response = estimator->Estimate(request, kNoContext);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_NEAR(response->estimate().interval().lower(), ref.predictions[0][3],
              1e-9 * ref.predictions[0][3]);
  EXPECT_THAT(
      absl::StrJoin(response->estimate().explanation().warnings(), "\n"),
      HasSubstr("Possible shelter shortage: the census of 2019-03-30 "
                "counted 9,000 people, above this estimate's upper "
                "end of 5,734"));
  // A stale census is not evidence.
  census->set_stale(true);
  response = estimator->Estimate(request, kNoContext);
  ASSERT_TRUE(response.ok());
  EXPECT_TRUE(response->estimate().explanation().warnings().empty());
}

TEST(AreaLinear, RefusesAMissingOrForeignArtifact) {
  auto estimator = std::move(AreaLinearEstimator::Create({})).value();
  campcount::v1::EstimatorRequest request;
  *request.mutable_features() = Features(20000, 0);
  auto none = estimator->Estimate(request, kNoContext);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(none.status().message(),
              HasSubstr("campcount calibrate --dataset DIR/dataset.json "
                        "--estimator area_linear"));
  const Reference ref = ReadCase("time_adjusted");
  auto fit = TimeAdjusted()->Fit(FitRequestFrom(ref, true), kNoContext);
  ASSERT_TRUE(fit.ok());
  *request.mutable_calibration() = ArtifactFrom(*fit, "time_adjusted");
  auto foreign = estimator->Estimate(request, kNoContext);
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(foreign.status().message(), HasSubstr("is for time_adjusted"));
}

TEST(AreaLinear, FitNeedsMoreSurveysThanCoefficients) {
  auto estimator = std::move(AreaLinearEstimator::Create({})).value();
  campcount::v1::FitRequest request;
  auto* example = request.add_examples();
  *example->mutable_features() = Features(1000, 0);
  example->set_population(200);
  auto fit = estimator->Fit(request, kNoContext);
  EXPECT_EQ(fit.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(fit.status().message(),
              HasSubstr("area_linear: cannot fit on 1"));
}

TEST(AreaLinear, RejectsBadSettings) {
  campcount::v1::PluginConfig config;
  (*config.mutable_settings())["interval_level"] = "95";
  auto estimator = AreaLinearEstimator::Create(config);
  EXPECT_EQ(estimator.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      estimator.status().message(),
      HasSubstr("setting 'interval_level' = 95 must be between 0 and 1"));
}

}  // namespace
}  // namespace campcount::plugins
