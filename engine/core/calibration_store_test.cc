#include "calibration_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace campcount::core {
namespace {

using ::testing::HasSubstr;

campcount::v1::CalibrationArtifact Artifact(double slope) {
  campcount::v1::CalibrationArtifact a;
  a.set_format("campcount-calibration/1");
  a.set_estimator("area_linear");
  auto* c = a.mutable_fit()->add_coefficients();
  c->set_name("total_tent_area_m2");
  c->set_value(slope);
  return a;
}

TEST(CalibrationStore, VersionsCountUpAndLatestIsTheHighest) {
  const std::string repo = ::testing::TempDir() + "/calibration_store_test";
  std::filesystem::remove_all(repo);
  const CalibrationStore store(repo);
  EXPECT_EQ(store.Load("area_linear", "").status().code(),
            absl::StatusCode::kNotFound);
  auto first = store.Write(Artifact(0.2));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(*first, HasSubstr("calibration/area_linear/1/calibration.json"));
  auto second = store.Write(Artifact(0.3));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(*second, HasSubstr("calibration/area_linear/2/"));

  auto latest = store.Load("area_linear", "");
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(latest->version(), "2");
  EXPECT_DOUBLE_EQ(latest->fit().coefficients(0).value(), 0.3);
  EXPECT_EQ(latest->sha256().size(), 64u);
  EXPECT_EQ(latest->path(), *second);
  auto one = store.Load("area_linear", "1");
  ASSERT_TRUE(one.ok());
  EXPECT_DOUBLE_EQ(one->fit().coefficients(0).value(), 0.2);
  EXPECT_NE(one->sha256(), latest->sha256());

  // Human-readable: the file is JSON with the field names.
  std::ifstream in(*first);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_THAT(text, HasSubstr("\"estimator\": \"area_linear\""));
  EXPECT_THAT(text, HasSubstr("\"total_tent_area_m2\""));

  EXPECT_EQ(store.Load("area_linear", "7").status().code(),
            absl::StatusCode::kNotFound);
  std::ofstream(repo + "/calibration/area_linear/2/calibration.json")
      << "{not json";
  auto broken = store.Load("area_linear", "");
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(broken.status().message(), HasSubstr("is not valid"));
}

TEST(CalibrationStore, RefusesPathLikeEstimatorNames) {
  const CalibrationStore store(::testing::TempDir());
  auto a = Artifact(1);
  a.set_estimator("../evil");
  EXPECT_EQ(store.Write(a).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace campcount::core
