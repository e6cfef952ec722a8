#include "census_trend_estimator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_join.h"

namespace campcount::plugins {
namespace {

using ::testing::HasSubstr;

const campcount::sdk::CallContext kNoContext(nullptr);

void AddSurvey(campcount::v1::EstimatorRequest* request,
               const std::string& date, int64_t individuals,
               bool stale = false) {
  auto* entry = request->add_census();
  entry->mutable_record()->set_site_id("AD_S001");
  entry->mutable_record()->set_survey_date(date);
  entry->mutable_record()->set_individuals(individuals);
  entry->set_stale(stale);
}

std::unique_ptr<CensusTrendEstimator> Make() {
  return std::move(CensusTrendEstimator::Create({})).value();
}

TEST(CensusTrend, ProjectsALinearTrendToTheTarget) {
  campcount::v1::EstimatorRequest request;
  request.mutable_features()->set_camp_id("AD_S001");
  request.mutable_features()->set_target_date("2019-05-31");
  // 10 people a day, with +-5 noise around the line.
  AddSurvey(&request, "2019-01-01", 1000 + 5);
  AddSurvey(&request, "2019-01-31", 1300 - 5);
  AddSurvey(&request, "2019-03-02", 1600 + 5);
  AddSurvey(&request, "2019-04-01", 1900 - 5);
  AddSurvey(&request, "2019-04-01x", 99999);  // not a date: ignored
  AddSurvey(&request, "2019-07-01", 99999);   // after the target: ignored
  auto response = Make()->Estimate(request, kNoContext);
  ASSERT_TRUE(response.ok()) << response.status();
  const auto& e = response->estimate();
  // 2019-05-31 is 150 days after 2019-01-01: 1000 + 10 × 150 = 2,500.
  EXPECT_NEAR(e.population(), 2500, 15);
  EXPECT_LT(e.interval().lower(), e.population());
  EXPECT_GT(e.interval().upper(), e.population());
  EXPECT_DOUBLE_EQ(e.interval().level(), 0.95);
  EXPECT_THAT(e.explanation().formula(), HasSubstr("(census of 2019-04-01)"));
  EXPECT_THAT(e.explanation().formula(), HasSubstr("people/day × 60 days"));
}

TEST(CensusTrend, LeavesStaleSurveysOutAndFallsBackWithoutATrend) {
  campcount::v1::EstimatorRequest request;
  request.mutable_features()->set_target_date("2019-03-01");
  AddSurvey(&request, "2019-01-01", 1000);
  AddSurvey(&request, "2019-02-01", 1000, /*stale=*/true);
  auto response = Make()->Estimate(request, kNoContext);
  ASSERT_TRUE(response.ok()) << response.status();
  const auto& e = response->estimate();
  EXPECT_DOUBLE_EQ(e.population(), 1000);
  EXPECT_DOUBLE_EQ(e.interval().lower(), 850);
  EXPECT_DOUBLE_EQ(e.interval().upper(), 1150);
  EXPECT_EQ(e.interval().level(), 0);
  const std::string warnings = absl::StrJoin(e.explanation().warnings(), "\n");
  EXPECT_THAT(warnings, HasSubstr("Only 1 usable survey(s)"));
  EXPECT_THAT(warnings, HasSubstr("1 survey(s) repeating the previous"));
}

TEST(CensusTrend, NoSurveyBeforeTheTargetIsAClearError) {
  campcount::v1::EstimatorRequest request;
  request.mutable_features()->set_camp_id("AD_S009");
  request.mutable_features()->set_target_date("2019-03-01");
  auto response = Make()->Estimate(request, kNoContext);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(response.status().message(),
              HasSubstr("no usable census survey of camp 'AD_S009' on or "
                        "before 2019-03-01 (the request named no census"));
}

}  // namespace
}  // namespace campcount::plugins
