#include "regression_estimator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "area_linear_estimator.h"
#include "tent_area_trend.h"
#include "time_adjusted_estimator.h"

namespace campcount::plugins {
namespace {

using ::testing::HasSubstr;

const campcount::sdk::CallContext kNoContext(nullptr);

// A case of engine/stats/testdata/reference.txt (numpy): its design rows,
// outcomes, coefficients, standard errors and prediction rows.
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

// Features whose tent area, projected along the camp's trend, is
// `projected`: the image shows projected / 1.2 m², the previous image 100
// days earlier 10 % less than that (growth 0.1 % a day), and the target is
// 200 days after the image (factor 1 + 0.001 × 200 = 1.2).
campcount::v1::CampFeatures TrendFeatures(double projected,
                                          const std::string& camp = "AD_S001") {
  const double imaged = projected / 1.2;
  campcount::v1::CampFeatures f = Features(imaged, 200, camp);
  f.set_image_date("2019-03-14");
  f.set_target_date("2019-09-30");
  f.set_previous_image_date("2018-12-04");
  f.set_previous_total_tent_area_m2(imaged / 1.1);
  return f;
}

TEST(TentAreaTrend, ProjectsAlongTheCampsOwnChange) {
  campcount::v1::CampFeatures f = Features(1000, 40);
  f.set_previous_image_date("2019-03-04");  // 10 days before 2019-03-14
  f.set_previous_total_tent_area_m2(800);
  const TentAreaTrend trend = TentAreaTrendOf(f);
  EXPECT_TRUE(trend.known);
  EXPECT_EQ(trend.days_between_images, 10);
  EXPECT_DOUBLE_EQ(trend.growth_per_day, 0.025);
  EXPECT_DOUBLE_EQ(trend.factor, 2.0);  // 1 + 0.025 × 40
  EXPECT_DOUBLE_EQ(ProjectedTentArea(f), 2000);
  f.set_days_to_target(400);  // would be 11 times: capped
  EXPECT_DOUBLE_EQ(TentAreaTrendOf(f).factor, kMaxTrendFactor);
  EXPECT_TRUE(TentAreaTrendOf(f).bounded);
  f.set_previous_image_date("");  // no earlier image: flat
  EXPECT_FALSE(TentAreaTrendOf(f).known);
  EXPECT_DOUBLE_EQ(ProjectedTentArea(f), 1000);
}

// numpy's [1, area] case for time_adjusted, with the area reached through
// the projection: 30 surveys of 7 camps.
campcount::v1::FitRequest TimeAdjustedRequest(const Reference& ref) {
  campcount::v1::FitRequest request;
  for (size_t i = 0; i < ref.x.size(); ++i) {
    auto* example = request.add_examples();
    *example->mutable_features() =
        TrendFeatures(ref.x[i][1], "camp" + std::to_string(i % 7));
    example->set_population(ref.y[i]);
  }
  return request;
}

TEST(TimeAdjusted, FitMatchesNumpy) {
  const Reference ref = ReadCase("area_linear");
  auto fit = TimeAdjusted()->Fit(TimeAdjustedRequest(ref), kNoContext);
  ASSERT_TRUE(fit.ok()) << fit.status();
  ASSERT_EQ(fit->fit().coefficients_size(), 2);
  const char* names[] = {"intercept", "projected_tent_area_m2"};
  for (int j = 0; j < 2; ++j) {
    EXPECT_EQ(fit->fit().coefficients(j).name(), names[j]);
    EXPECT_NEAR(fit->fit().coefficients(j).value(), ref.beta[j],
                1e-9 * std::fabs(ref.beta[j]));
    EXPECT_NEAR(fit->fit().coefficients(j).standard_error(), ref.se[j],
                1e-9 * ref.se[j]);
  }
  EXPECT_EQ(fit->fit().n(), 30);
  EXPECT_EQ(fit->fit().camps(), 7);
  ASSERT_EQ(fit->fit().training_range_size(), 2);
  EXPECT_EQ(fit->fit().training_range(0).name(), "projected_tent_area_m2");
}

campcount::v1::FitResponse TimeAdjustedFit() {
  return TimeAdjusted()
      ->Fit(TimeAdjustedRequest(ReadCase("area_linear")), kNoContext)
      .value();
}

TEST(TimeAdjusted, EstimateGivesTheNumpyPredictionIntervalAndExplainsTheTrend) {
  const Reference ref = ReadCase("area_linear");
  campcount::v1::EstimatorRequest request;
  *request.mutable_calibration() =
      ArtifactFrom(TimeAdjustedFit(), "time_adjusted");
  const std::vector<double>& row = ref.predictions[0];  // 1, 20000
  *request.mutable_features() = TrendFeatures(row[1]);
  auto response = TimeAdjusted()->Estimate(request, kNoContext);
  ASSERT_TRUE(response.ok()) << response.status();
  const auto& estimate = response->estimate();
  EXPECT_NEAR(estimate.population(), row[2], 1e-9 * row[2]);
  EXPECT_NEAR(estimate.interval().lower(), row[3], 1e-9 * row[3]);
  EXPECT_NEAR(estimate.interval().upper(), row[4], 1e-9 * row[4]);
  EXPECT_DOUBLE_EQ(estimate.interval().level(), 0.95);
  const auto& explanation = estimate.explanation();
  EXPECT_THAT(explanation.formula(), HasSubstr("× 20,000 m² = "));
  std::map<std::string, std::string> inputs;
  for (const auto& input : explanation.inputs()) {
    inputs[input.name()] = input.value();
  }
  EXPECT_EQ(inputs["previous image date"], "2018-12-04");
  EXPECT_EQ(inputs["tent area change per day between the images"], "0.1");
  EXPECT_EQ(inputs["projected tent area"], "20,000");
  // b × imaged area × growth: people per day for supply planning.
  EXPECT_NEAR(std::stod(inputs["trend_people_per_day"]),
              ref.beta[1] * row[1] / 1.2 * 0.001, 1e-3);
  EXPECT_THAT(explanation.assumptions(0),
              HasSubstr("n = 30 surveys of 7 camps"));
  EXPECT_EQ(explanation.components(0).role(), "calibration");
  // Inside the training range; only the distance to the target date (over
  // the default 90-day warning) is worth a word.
  ASSERT_EQ(explanation.warnings_size(), 1);
  EXPECT_THAT(explanation.warnings(0), HasSubstr("200 days from the target"));
}

TEST(TimeAdjusted, WarnsWithoutATrendWhenCappedAndWhenExtrapolating) {
  campcount::v1::EstimatorRequest request;
  *request.mutable_calibration() =
      ArtifactFrom(TimeAdjustedFit(), "time_adjusted");
  auto estimator = TimeAdjusted();

  *request.mutable_features() = Features(20000, 30);  // no earlier image
  auto response = estimator->Estimate(request, kNoContext);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_THAT(
      absl::StrJoin(response->estimate().explanation().warnings(), "\n"),
      HasSubstr("No earlier image of this camp"));

  *request.mutable_features() = TrendFeatures(20000);
  request.mutable_features()->set_days_to_target(5000);  // far beyond x4
  request.mutable_features()->set_near_threshold_count(
      request.features().tent_count() / 2);
  response = estimator->Estimate(request, kNoContext);
  ASSERT_TRUE(response.ok()) << response.status();
  const std::string warnings =
      absl::StrJoin(response->estimate().explanation().warnings(), "\n");
  EXPECT_THAT(warnings, HasSubstr("the projection was capped there"));
  EXPECT_THAT(warnings, HasSubstr("Extrapolation: the tent area projected to "
                                  "the target date is 66,666.7 m²"));
  EXPECT_THAT(warnings, HasSubstr("is 5000 days from the target date"));
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
  *request.mutable_calibration() =
      ArtifactFrom(TimeAdjustedFit(), "time_adjusted");
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
