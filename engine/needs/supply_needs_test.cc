#include "supply_needs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "standards.h"

namespace campcount::needs {
namespace {

using ::testing::HasSubstr;

const campcount::v1::SupplyLine& LineOf(const campcount::v1::SupplyPeriod& p,
                                        const std::string& item) {
  for (const auto& line : p.lines()) {
    if (line.item() == item) return line;
  }
  ADD_FAILURE() << "no line " << item;
  return p.lines(0);
}

campcount::v1::SupplyStandards Sphere() {
  auto loaded = LoadStandards("sphere", DefaultStandardsDirs());
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_THAT(loaded->path, HasSubstr("sphere.json"));
  return loaded->standards;
}

TEST(SupplyNeeds, HandComputedFromSphere) {
  PopulationBasis basis;
  basis.population.set_value(4000);
  basis.population.set_lower(3600);
  basis.population.set_upper(4400);
  basis.date = "2019-04-02";
  basis.trend_people_per_day = 2;
  auto response = ProjectNeeds(basis, Sphere(), 3);
  ASSERT_EQ(response.periods_size(), 4);
  const auto& now = response.periods(0);
  EXPECT_EQ(now.label(), "now");
  // 4,000 people x 15 L = 60,000 L a day; x 30 days = 1,800,000 L a month.
  EXPECT_DOUBLE_EQ(LineOf(now, "water").per_day().value(), 60000);
  EXPECT_DOUBLE_EQ(LineOf(now, "water").per_day().lower(), 54000);
  EXPECT_DOUBLE_EQ(LineOf(now, "water").per_day().upper(), 66000);
  EXPECT_DOUBLE_EQ(LineOf(now, "water").per_month().value(), 1800000);
  // 2,100 kcal x 4,000 = 8.4 million kcal a day.
  EXPECT_DOUBLE_EQ(LineOf(now, "food energy").per_day().value(), 8400000);
  // 250 g soap a month each: 1,000 kg a month, 33,333.3 g a day.
  EXPECT_DOUBLE_EQ(LineOf(now, "soap").per_month().value(), 1000000);
  EXPECT_NEAR(LineOf(now, "soap").per_day().value(), 33333.333, 1e-3);
  // 1 toilet per 20: 200 (180-220), 3:1 female:male -> 150 + 50.
  EXPECT_DOUBLE_EQ(LineOf(now, "toilets").required().value(), 200);
  EXPECT_DOUBLE_EQ(LineOf(now, "toilets").required().lower(), 180);
  EXPECT_DOUBLE_EQ(LineOf(now, "toilets (female)").required().value(), 150);
  EXPECT_DOUBLE_EQ(LineOf(now, "toilets (male)").required().value(), 50);
  EXPECT_DOUBLE_EQ(LineOf(now, "toilets (female)").required().upper(), 165);
  EXPECT_THAT(LineOf(now, "toilets (female)").standard(), HasSubstr("3:1"));
  // 1 tap per 250: 16 (ceil 14.4 = 15, ceil 17.6 = 18).
  EXPECT_DOUBLE_EQ(LineOf(now, "taps").required().value(), 16);
  EXPECT_DOUBLE_EQ(LineOf(now, "taps").required().lower(), 15);
  EXPECT_DOUBLE_EQ(LineOf(now, "taps").required().upper(), 18);
  EXPECT_DOUBLE_EQ(LineOf(now, "covered living area").required().value(),
                   14000);
  EXPECT_DOUBLE_EQ(LineOf(now, "camp area").required().value(), 180000);
  // Month 3: 4,000 + 2/day x 90 days = 4,180 people; water 62,700 L/day.
  const auto& m3 = response.periods(3);
  EXPECT_EQ(m3.label(), "month 3");
  EXPECT_EQ(m3.date(), "2019-07-01");
  EXPECT_DOUBLE_EQ(m3.population().value(), 4180);
  EXPECT_DOUBLE_EQ(m3.population().lower(), 3780);
  EXPECT_DOUBLE_EQ(LineOf(m3, "water").per_day().value(), 62700);
}

TEST(SupplyNeeds, OddToiletCountsGiveWomenTheExtraOne) {
  campcount::v1::Quantity population;
  population.set_value(1690);  // 84.5 -> 85 toilets: 63.75 -> 64 + 21
  population.set_lower(1690);
  population.set_upper(1690);
  auto period = NeedsFor(population, Sphere());
  EXPECT_DOUBLE_EQ(LineOf(period, "toilets").required().value(), 85);
  EXPECT_DOUBLE_EQ(LineOf(period, "toilets (female)").required().value(), 64);
  EXPECT_DOUBLE_EQ(LineOf(period, "toilets (male)").required().value(), 21);
}

TEST(SupplyNeeds, UnhcrPresetHasMoreWaterAndTaps) {
  auto unhcr = LoadStandards("unhcr", DefaultStandardsDirs());
  ASSERT_TRUE(unhcr.ok()) << unhcr.status();
  campcount::v1::Quantity population;
  population.set_value(1000);
  population.set_lower(1000);
  population.set_upper(1000);
  auto period = NeedsFor(population, unhcr->standards);
  EXPECT_DOUBLE_EQ(LineOf(period, "water").per_day().value(), 20000);
  EXPECT_DOUBLE_EQ(LineOf(period, "taps").required().value(), 10);
}

TEST(SupplyNeeds, CensusBasisUsesLatestUsableSurveyAndTrend) {
  campcount::v1::ReadCensusResponse census;
  const std::pair<const char*, int64_t> surveys[] = {
      {"2019-01-01", 1000},
      {"2019-01-31", 1300},
      {"2019-03-02", 1600},
      {"2019-04-01", 1600}};  // the last repeats: stale
  for (const auto& [date, n] : surveys) {
    auto* entry = census.add_entries();
    entry->mutable_record()->set_site_id("AD_S001");
    entry->mutable_record()->set_survey_date(date);
    entry->mutable_record()->set_individuals(n);
  }
  census.mutable_entries(3)->set_stale(true);
  auto basis = BasisFromCensus(census, "AD_S001");
  ASSERT_TRUE(basis.ok()) << basis.status();
  EXPECT_DOUBLE_EQ(basis->population.value(), 1600);
  EXPECT_EQ(basis->date, "2019-03-02");
  EXPECT_NEAR(basis->trend_people_per_day, 10, 1e-9);
  EXPECT_EQ(BasisFromCensus(census, "nope").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(Standards, BadFilesAreNamed) {
  const std::string path = ::testing::TempDir() + "/bad_standards.json";
  {
    std::ofstream out(path);
    out << R"({"format": "campcount-standards/1", "name": "x",
               "water_litres_per_person_per_day": 15, "people_per_toilet": 0,
               "female_toilet_share": 0.75, "covered_area_m2_per_person": 3.5,
               "camp_area_m2_per_person": 45, "food_kcal_per_person_per_day": 2100,
               "soap_g_per_person_per_month": 250, "people_per_tap": 250,
               "days_per_month": 30})";
  }
  auto loaded = LoadStandards(path, {});
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(),
              HasSubstr("bad_standards.json: people_per_toilet is 0"));
  EXPECT_EQ(LoadStandards("nosuchpreset", {"/nonexistent"}).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace campcount::needs
