#include "shelter_count_estimator.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace campcount::plugins {
namespace {

using ::campcount::sdk::CallContext;
using ::campcount::v1::CampFeatures;
using ::campcount::v1::PluginConfig;
using ::campcount::v1::PopulationEstimate;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// A camp that raises no warning: recent image, few doubtful boxes, room.
CampFeatures HealthyCamp() {
  CampFeatures features;
  features.set_tent_count(1234);
  features.set_total_tent_area_m2(1234 * 16.2);
  features.set_image_date("2019-03-14");
  features.set_target_date("2019-04-01");
  features.set_days_to_target(18);
  features.set_camp_area_m2(400000);  // 65 m² per person.
  features.set_gsd_m(0.1);
  features.set_score_threshold(0.5);
  features.set_near_threshold_count(100);
  features.set_mean_score(0.81);
  features.set_camp_id("AD_S005");
  return features;
}

std::unique_ptr<ShelterCountEstimator> Make(const PluginConfig& config = {}) {
  auto estimator = ShelterCountEstimator::Create(config);
  EXPECT_TRUE(estimator.ok()) << estimator.status();
  return estimator.ok() ? *std::move(estimator) : nullptr;
}

PopulationEstimate Estimate(const CampFeatures& features,
                            const PluginConfig& config = {}) {
  auto estimator = Make(config);
  campcount::v1::EstimatorRequest request;
  *request.mutable_features() = features;
  auto response = estimator->Estimate(request, CallContext(nullptr));
  EXPECT_TRUE(response.ok()) << response.status();
  return response.ok() ? response->estimate() : PopulationEstimate();
}

PluginConfig Config(
    std::initializer_list<std::pair<std::string, std::string>> settings) {
  PluginConfig config;
  for (const auto& [name, value] : settings) {
    (*config.mutable_settings())[name] = value;
  }
  return config;
}

TEST(ShelterCountEstimatorTest, ManifestDeclaresTheSettings) {
  const auto manifest = ShelterCountEstimator::Manifest();
  EXPECT_EQ(manifest.name(), "shelter_count");
  std::vector<std::string> names;
  for (const auto& field : manifest.config()) {
    names.push_back(field.name());
    EXPECT_FALSE(field.default_value().empty()) << field.name();
    EXPECT_FALSE(field.description().empty()) << field.name();
  }
  EXPECT_THAT(names, ::testing::IsSupersetOf({"persons_per_shelter",
                                              "min_persons_per_shelter",
                                              "max_persons_per_shelter"}));
}

TEST(ShelterCountEstimatorTest, MultipliesSheltersByPeople) {
  const PopulationEstimate estimate = Estimate(HealthyCamp());
  EXPECT_EQ(estimate.estimator(), "shelter_count");
  EXPECT_EQ(estimate.estimator_version(), "1.0.0");
  EXPECT_DOUBLE_EQ(estimate.population(), 6170);
  EXPECT_EQ(estimate.explanation().formula(),
            "1,234 shelters × 5 people per shelter = 6,170 people");
}

TEST(ShelterCountEstimatorTest, IntervalIsTheRangeOfAssumptions) {
  const PopulationEstimate estimate = Estimate(HealthyCamp());
  EXPECT_DOUBLE_EQ(estimate.interval().lower(), 1234 * 4);
  EXPECT_DOUBLE_EQ(estimate.interval().upper(), 1234 * 6);
  EXPECT_EQ(estimate.interval().level(), 0);
  EXPECT_EQ(estimate.interval().basis(),
            "range of persons per shelter 4–6 (an assumption, not a "
            "probability)");
}

TEST(ShelterCountEstimatorTest, SettingsChangeTheArithmetic) {
  const PopulationEstimate estimate =
      Estimate(HealthyCamp(), Config({{"persons_per_shelter", "4.5"},
                                      {"min_persons_per_shelter", "3"},
                                      {"max_persons_per_shelter", "7"}}));
  EXPECT_DOUBLE_EQ(estimate.population(), 5553);
  EXPECT_DOUBLE_EQ(estimate.interval().lower(), 3702);
  EXPECT_DOUBLE_EQ(estimate.interval().upper(), 8638);
  EXPECT_EQ(estimate.explanation().formula(),
            "1,234 shelters × 4.5 people per shelter = 5,553 people");
  EXPECT_THAT(estimate.interval().basis(), HasSubstr("3–7"));
}

TEST(ShelterCountEstimatorTest, ExplainsItselfInPlainWords) {
  const auto explanation = Estimate(HealthyCamp()).explanation();
  EXPECT_THAT(
      explanation.summary(),
      AllOf(HasSubstr("1,234 shelters"), HasSubstr("2019-03-14"),
            HasSubstr("6,170 people"), HasSubstr("4,936"), HasSubstr("7,404")));
  std::map<std::string, std::string> inputs;
  for (const auto& input : explanation.inputs()) {
    inputs[input.name()] = input.value();
  }
  EXPECT_EQ(inputs["shelters counted"], "1,234");
  EXPECT_EQ(inputs["total shelter area"], "19,991");
  EXPECT_EQ(inputs["score threshold"], "0.50");
  EXPECT_EQ(inputs["image date"], "2019-03-14");
  EXPECT_EQ(inputs["ground sample distance"], "0.1");
  EXPECT_EQ(inputs["camp area"], "400,000");
  EXPECT_EQ(inputs["persons per shelter"], "5");
  ASSERT_EQ(explanation.components_size(), 1);
  EXPECT_EQ(explanation.components(0).role(), "estimator");
  EXPECT_EQ(explanation.components(0).name(), "shelter_count");
  EXPECT_EQ(explanation.components(0).version(), "1.0.0");
  EXPECT_THAT(explanation.assumptions(),
              Contains(HasSubstr("one household of about 5")));
  EXPECT_THAT(explanation.assumptions(), Contains(HasSubstr("under trees")));
  EXPECT_THAT(explanation.assumptions(),
              Contains(HasSubstr("without any shelter")));
}

TEST(ShelterCountEstimatorTest, HealthyCampHasNoWarnings) {
  EXPECT_THAT(Estimate(HealthyCamp()).explanation().warnings(), IsEmpty());
}

TEST(ShelterCountEstimatorTest, WarnsWhenNoSheltersFound) {
  CampFeatures features = HealthyCamp();
  features.set_tent_count(0);
  features.set_total_tent_area_m2(0);
  features.set_near_threshold_count(0);
  const PopulationEstimate estimate = Estimate(features);
  EXPECT_EQ(estimate.population(), 0);
  EXPECT_EQ(estimate.explanation().formula(),
            "0 shelters × 5 people per shelter = 0 people");
  EXPECT_THAT(estimate.explanation().warnings(),
              Contains(HasSubstr("No shelters were found")));
}

TEST(ShelterCountEstimatorTest, WarnsWhenManyBoxesAreNearTheThreshold) {
  CampFeatures features = HealthyCamp();
  features.set_near_threshold_count(371);  // 30.1 %
  EXPECT_THAT(Estimate(features).explanation().warnings(),
              Contains(HasSubstr("many boxes near the threshold: the count is "
                                 "sensitive to it")));
  features.set_near_threshold_count(370);  // 29.98 %
  EXPECT_THAT(Estimate(features).explanation().warnings(), IsEmpty());
}

TEST(ShelterCountEstimatorTest, WarnsWhenTheImageIsFarFromTheTarget) {
  CampFeatures features = HealthyCamp();
  features.set_days_to_target(120);
  EXPECT_THAT(Estimate(features).explanation().warnings(),
              Contains(HasSubstr("120 days before the target date")));
  features.set_days_to_target(-91);
  EXPECT_THAT(Estimate(features).explanation().warnings(),
              Contains(HasSubstr("91 days after the target date")));
  features.set_days_to_target(-90);
  EXPECT_THAT(Estimate(features).explanation().warnings(), IsEmpty());
}

TEST(ShelterCountEstimatorTest, WarnsWhenTheImageDateIsUnknown) {
  CampFeatures features = HealthyCamp();
  features.clear_image_date();
  features.set_days_to_target(0);
  EXPECT_THAT(Estimate(features).explanation().warnings(),
              Contains(HasSubstr("image date is unknown")));
}

TEST(ShelterCountEstimatorTest, WarnsWhenTheCampIsTooDenselyCounted) {
  CampFeatures features = HealthyCamp();
  features.set_camp_area_m2(6170 * 25);  // 25 m² per person.
  EXPECT_THAT(
      Estimate(features).explanation().warnings(),
      Contains(AllOf(HasSubstr("25 m² of camp per person"),
                     HasSubstr("30–45 m² per person"), HasSubstr("too high"))));
  features.set_camp_area_m2(6170 * 30);
  EXPECT_THAT(Estimate(features).explanation().warnings(), IsEmpty());
  features.set_camp_area_m2(0);  // Unknown area: nothing to compare.
  EXPECT_THAT(Estimate(features).explanation().warnings(), IsEmpty());
}

TEST(ShelterCountEstimatorTest, RefusesNegativeFeatures) {
  auto estimator = Make();
  for (const char* field : {"tent_count", "total_tent_area_m2", "camp_area_m2",
                            "near_threshold_count"}) {
    CampFeatures features = HealthyCamp();
    if (std::string(field) == "tent_count") features.set_tent_count(-1);
    if (std::string(field) == "total_tent_area_m2") {
      features.set_total_tent_area_m2(-5);
    }
    if (std::string(field) == "camp_area_m2") features.set_camp_area_m2(-1);
    if (std::string(field) == "near_threshold_count") {
      features.set_near_threshold_count(-2);
    }
    campcount::v1::EstimatorRequest request;
    *request.mutable_features() = features;
    auto response = estimator->Estimate(request, CallContext(nullptr));
    EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument)
        << field;
    EXPECT_THAT(response.status().message(), HasSubstr(field));
  }
}

TEST(ShelterCountEstimatorTest, RefusesBadSettings) {
  struct Case {
    PluginConfig config;
    std::string named;
  };
  const Case cases[] = {
      {Config({{"min_persons_per_shelter", "6"}}), "min_persons_per_shelter"},
      {Config({{"max_persons_per_shelter", "4.9"}}), "max_persons_per_shelter"},
      {Config({{"persons_per_shelter", "0"}, {"min_persons_per_shelter", "0"}}),
       "persons_per_shelter"},
      {Config({{"min_persons_per_shelter", "-1"}}), "min_persons_per_shelter"},
      {Config({{"persons_per_shelter", "five"}}), "persons_per_shelter"},
      {Config({{"persons_per_shelter", "nan"}}), "persons_per_shelter"},
      {Config({{"people_per_tent", "5"}}), "people_per_tent"},
      {Config({{"near_threshold_warning_fraction", "1.5"}}),
       "near_threshold_warning_fraction"},
  };
  for (const Case& c : cases) {
    auto estimator = ShelterCountEstimator::Create(c.config);
    EXPECT_EQ(estimator.status().code(), absl::StatusCode::kInvalidArgument)
        << c.named;
    EXPECT_THAT(estimator.status().message(), HasSubstr(c.named));
  }
}

TEST(ShelterCountEstimatorTest, SingularShelterReadsNaturally) {
  CampFeatures features = HealthyCamp();
  features.set_tent_count(1);
  features.set_near_threshold_count(0);
  EXPECT_EQ(Estimate(features).explanation().formula(),
            "1 shelter × 5 people per shelter = 5 people");
}

}  // namespace
}  // namespace campcount::plugins
