// What remote_estimator accepts from a remote Estimator service, and what it
// refuses as garbage.
#include "remote_estimator.h"

#include <gtest/gtest.h>

#include <cmath>

namespace campcount::plugins {
namespace {

campcount::v1::EstimatorResponse Estimate(double population, double lower,
                                          double upper, double level) {
  campcount::v1::EstimatorResponse response;
  auto* e = response.mutable_estimate();
  e->set_population(population);
  e->mutable_interval()->set_lower(lower);
  e->mutable_interval()->set_upper(upper);
  e->mutable_interval()->set_level(level);
  return response;
}

TEST(CheckRemoteEstimateTest, AcceptsAnEstimateAndNamesTheRemote) {
  auto checked = CheckRemoteEstimate(Estimate(100, 90, 110, 0.9), "r");
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->estimate().estimator(), "remote_estimator");
  auto named = Estimate(100, 90, 110, 0.9);
  named.mutable_estimate()->set_estimator("partner_model");
  EXPECT_EQ(CheckRemoteEstimate(named, "r")->estimate().estimator(),
            "partner_model");
}

TEST(CheckRemoteEstimateTest, RefusesGarbage) {
  const std::pair<campcount::v1::EstimatorResponse, const char*> cases[] = {
      {campcount::v1::EstimatorResponse(), "no estimate"},
      {Estimate(std::nan(""), 0, 1, 0.9), "population nan"},
      {Estimate(-5, 0, 1, 0.9), "population -5"},
      {Estimate(100, 110, 90, 0.9), "is not a range"},
      {Estimate(100, 90, 110, 1.5), "level 1.5"},
  };
  for (const auto& [response, message] : cases) {
    auto checked = CheckRemoteEstimate(response, "remote_estimator: X");
    ASSERT_FALSE(checked.ok()) << message;
    EXPECT_EQ(checked.status().code(), absl::StatusCode::kInternal);
    EXPECT_NE(checked.status().message().find(message), std::string::npos)
        << checked.status();
  }
}

TEST(RemoteEstimatorTest, WithoutAddressEveryCallIsFailedPrecondition) {
  auto estimator = RemoteEstimator::Create({});
  ASSERT_TRUE(estimator.ok());
  auto response = (*estimator)->Estimate({}, sdk::CallContext(nullptr));
  EXPECT_EQ(response.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace campcount::plugins
