#include "comparison.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace campcount::evaluation {
namespace {

campcount::v1::TrainingExample Example(const std::string& camp,
                                       const std::string& date, double area,
                                       double population) {
  campcount::v1::TrainingExample e;
  e.mutable_features()->set_camp_id(camp);
  e.mutable_features()->set_target_date(date);
  e.mutable_features()->set_image_date("2019-01-01");
  e.mutable_features()->set_total_tent_area_m2(area);
  e.set_population(population);
  return e;
}

std::vector<campcount::v1::TrainingExample> Examples() {
  return {
      Example("A", "2019-02-01", 100, 20), Example("A", "2019-03-01", 110, 22),
      Example("B", "2019-02-01", 200, 40), Example("C", "2019-02-01", 300, 60),
      Example("C", "2019-03-01", 310, 62)};
}

TEST(LeaveOneCampOut, ACampsOwnSurveysNeverEnterItsFit) {
  // The fit records which camps it saw; the estimate checks that the camp it
  // judges was not among them, and returns the mean of the training
  // populations so the answer also shows what the fit saw.
  std::set<std::string> last_training_camps;
  int fit_calls = 0;
  EstimatorCalls calls;
  calls.fit = [&](const std::vector<campcount::v1::TrainingExample>& training)
      -> absl::StatusOr<campcount::v1::LinearFit> {
    ++fit_calls;
    last_training_camps.clear();
    double sum = 0;
    for (const auto& e : training) {
      last_training_camps.insert(e.features().camp_id());
      sum += e.population();
    }
    campcount::v1::LinearFit fit;
    fit.add_coefficients()->set_value(sum / training.size());
    fit.set_n(static_cast<int64_t>(training.size()));
    return fit;
  };
  std::vector<std::pair<std::string, int64_t>> judged;
  calls.estimate = [&](const campcount::v1::EstimatorRequest& request)
      -> absl::StatusOr<campcount::v1::PopulationEstimate> {
    const std::string& camp = request.features().camp_id();
    EXPECT_EQ(last_training_camps.count(camp), 0u)
        << "camp " << camp << " was in its own fit";
    EXPECT_EQ(request.calibration().version(), "loco-without-" + camp);
    judged.push_back({camp, request.calibration().fit().n()});
    campcount::v1::PopulationEstimate estimate;
    estimate.set_population(
        request.calibration().fit().coefficients(0).value());
    estimate.mutable_interval()->set_lower(0);
    estimate.mutable_interval()->set_upper(1000);
    estimate.mutable_interval()->set_level(0.95);
    return estimate;
  };
  double level = 0;
  int64_t fits = 0, unanswered = 0;
  auto points = LeaveOneCampOut("d:e", "e", Examples(), {}, calls, &level,
                                &fits, &unanswered);
  ASSERT_TRUE(points.ok()) << points.status();
  EXPECT_EQ(fits, 3);
  EXPECT_EQ(fit_calls, 4);  // the probe on everything, then one per camp
  ASSERT_EQ(points->size(), 5u);
  // Camp A (2 surveys) is judged by a fit on B and C: 3 surveys, mean 54.
  EXPECT_EQ((*points)[0].camp_id(), "A");
  EXPECT_DOUBLE_EQ((*points)[0].estimate(), (40 + 60 + 62) / 3.0);
  EXPECT_EQ(judged[0].second, 3);
  // Camp B (1 survey) by a fit on A and C: 4 surveys.
  EXPECT_EQ((*points)[2].camp_id(), "B");
  EXPECT_DOUBLE_EQ((*points)[2].estimate(), (20 + 22 + 60 + 62) / 4.0);
  EXPECT_DOUBLE_EQ(level, 0.95);
}

TEST(LeaveOneCampOut, CensusOnlyEstimatorsSeeOnlyEarlierSurveys) {
  campcount::v1::ReadCensusResponse census;
  for (const char* date :
       {"2019-01-15", "2019-02-01", "2019-02-20", "2019-03-01"}) {
    auto* entry = census.add_entries();
    entry->mutable_record()->set_site_id("A");
    entry->mutable_record()->set_survey_date(date);
  }
  EstimatorCalls calls;
  calls.fit = [](const std::vector<campcount::v1::TrainingExample>&)
      -> absl::StatusOr<campcount::v1::LinearFit> {
    return absl::UnimplementedError("no fit");
  };
  calls.estimate = [&](const campcount::v1::EstimatorRequest& request)
      -> absl::StatusOr<campcount::v1::PopulationEstimate> {
    EXPECT_FALSE(request.has_calibration());
    for (const auto& entry : request.census()) {
      EXPECT_LT(entry.record().survey_date(), request.features().target_date());
    }
    campcount::v1::PopulationEstimate estimate;
    estimate.set_population(request.census_size());
    return estimate;
  };
  double level = 0;
  int64_t fits = 0, unanswered = 0;
  std::vector<campcount::v1::TrainingExample> examples = {
      Example("A", "2019-02-01", 1, 1), Example("A", "2019-03-01", 1, 1)};
  auto points = LeaveOneCampOut("d:e", "e", examples, census, calls, &level,
                                &fits, &unanswered);
  ASSERT_TRUE(points.ok()) << points.status();
  EXPECT_EQ(fits, 0);
  EXPECT_DOUBLE_EQ((*points)[0].estimate(), 1);  // only 2019-01-15
  EXPECT_DOUBLE_EQ((*points)[1].estimate(), 3);
}

TEST(LeaveOneCampOut, AFitErrorIsReported) {
  EstimatorCalls calls;
  calls.fit = [](const std::vector<campcount::v1::TrainingExample>&)
      -> absl::StatusOr<campcount::v1::LinearFit> {
    return absl::FailedPreconditionError("collinear");
  };
  double level = 0;
  int64_t fits = 0, unanswered = 0;
  auto points = LeaveOneCampOut("d:e", "e", Examples(), {}, calls, &level,
                                &fits, &unanswered);
  EXPECT_EQ(points.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace campcount::evaluation
