#include "census.h"

#include <cmath>
#include <set>

#include "absl/strings/str_split.h"
#include "camp_plan.h"
#include "gtest/gtest.h"

namespace campcount::synth {
namespace {

CampPlan Plan(uint64_t seed, int camp) {
  absl::StatusOr<CampSpec> spec = MakeCampSpec(seed, camp, 3);
  EXPECT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<CampPlan> plan = PlanCamp(*spec);
  EXPECT_TRUE(plan.ok()) << plan.status();
  return *std::move(plan);
}

TEST(CensusTest, FollowsTheSurveyRules) {
  int rows_total = 0, stale_total = 0;
  for (int camp = 0; camp < 8; ++camp) {
    const CampPlan plan = Plan(4, camp);
    const std::vector<SurveyRow> rows = MakeCensus(plan);
    ASSERT_GE(rows.size(), 3u);
    std::set<int64_t> image_days;
    for (const ImagingConditions& c : plan.spec.images) {
      image_days.insert(c.day);
    }
    // Surveys span the images: some before the first, some after the last.
    EXPECT_LT(rows.front().day, plan.spec.images.front().day);
    EXPECT_GT(rows.back().day, plan.spec.images.back().day);
    for (size_t i = 0; i < rows.size(); ++i) {
      const SurveyRow& r = rows[i];
      EXPECT_EQ(image_days.count(r.day), 0u) << r.date;
      EXPECT_NEAR(r.pct_no_shelter + r.pct_tents + r.pct_makeshift, 100.0,
                  0.05);
      for (double pct : {r.pct_no_shelter, r.pct_tents, r.pct_makeshift}) {
        EXPECT_GE(pct, 0);
        EXPECT_LE(pct, 100);
      }
      EXPECT_EQ(r.round, RoundOfDay(r.day));
      if (i > 0) {
        // Roughly monthly: later rounds, 3-70 days apart.
        EXPECT_GT(r.round, rows[i - 1].round);
        EXPECT_GE(r.day - rows[i - 1].day, 3);
        EXPECT_LE(r.day - rows[i - 1].day, 70);
      }
      if (r.stale) {
        ++stale_total;
        ASSERT_GT(i, 0u);
        EXPECT_EQ(r.individuals, rows[i - 1].individuals);
      } else {
        // Fresh surveys count the true population of that day.
        const CampPopulation p =
            PopulationOn(plan.shelters, plan.occupancy, plan.no_shelter_share,
                         plan.spec.plan_seed, r.day);
        EXPECT_EQ(r.individuals, p.individuals);
        EXPECT_EQ(r.households, p.households);
      }
    }
    rows_total += static_cast<int>(rows.size());
  }
  // About one in ten.
  EXPECT_GE(stale_total, rows_total / 20);
  EXPECT_LE(stale_total, rows_total / 6);
}

TEST(CensusTest, CsvHasTheDtmColumns) {
  const CampPlan plan = Plan(4, 0);
  const std::vector<SurveyRow> rows = MakeCensus(plan);
  const std::vector<std::string> header =
      absl::StrSplit(CensusCsvHeader(), ',');
  EXPECT_EQ(header.size(), 14u);
  EXPECT_EQ(header[0], "site_id");
  EXPECT_EQ(header[8], "survey_date");
  const std::string csv = CensusCsvLines(plan.spec, rows);
  const std::vector<std::string> lines =
      absl::StrSplit(csv, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), rows.size());
  const std::vector<std::string> first = absl::StrSplit(lines[0], ',');
  ASSERT_EQ(first.size(), 14u);
  EXPECT_EQ(first[0], "AD_S001");
  EXPECT_EQ(first[8], rows[0].date);
  EXPECT_EQ(first[10], std::to_string(rows[0].individuals));
}

}  // namespace
}  // namespace campcount::synth
