#include "camp_plan.h"

#include <algorithm>
#include <cmath>

#include "camp_spec.h"
#include "gtest/gtest.h"
#include "population.h"
#include "viewer_overlay.h"

namespace campcount::synth {
namespace {

CampPlan Plan(uint64_t seed, int camp, int dates = 3) {
  absl::StatusOr<CampSpec> spec = MakeCampSpec(seed, camp, dates);
  EXPECT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<CampPlan> plan = PlanCamp(*spec);
  EXPECT_TRUE(plan.ok()) << plan.status();
  return *std::move(plan);
}

TEST(CampSpecTest, SameSeedSameSpecOtherSeedOtherSpec) {
  const CampSpec a = *MakeCampSpec(7, 3, 3);
  const CampSpec b = *MakeCampSpec(7, 3, 3);
  const CampSpec c = *MakeCampSpec(8, 3, 3);
  EXPECT_EQ(a.site_id, "AD_S004");
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.origin_x, b.origin_x);
  EXPECT_EQ(a.images[2].date, b.images[2].date);
  EXPECT_NE(std::make_tuple(a.origin_x, a.gsd_m, a.images[0].date),
            std::make_tuple(c.origin_x, c.gsd_m, c.images[0].date));
}

TEST(CampSpecTest, ValuesStayInTheirRanges) {
  for (int camp = 0; camp < 40; ++camp) {
    const CampSpec s = *MakeCampSpec(11, camp, 4);
    EXPECT_GE(s.gsd_m, 0.3);
    EXPECT_LE(s.gsd_m, 0.6);
    EXPECT_GE(s.width_px, 1500);
    EXPECT_LE(s.width_px, 4000);
    EXPECT_GE(s.height_px, 1500);
    EXPECT_LE(s.height_px, 4000);
    EXPECT_EQ(s.epsg, 32633);
    // North-east Nigeria, Borno State.
    EXPECT_GT(s.latitude, 10.9);
    EXPECT_LT(s.latitude, 12.8);
    EXPECT_GT(s.longitude, 12.6);
    EXPECT_LT(s.longitude, 14.6);
    ASSERT_EQ(s.images.size(), 4u);
    for (size_t i = 1; i < s.images.size(); ++i) {
      EXPECT_GT(s.images[i].day, s.images[i - 1].day);
    }
  }
}

TEST(CampSpecTest, RejectsOutOfRangeArguments) {
  EXPECT_EQ(MakeCampSpec(1, -1, 3).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeCampSpec(1, kMaxCamps, 3).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeCampSpec(1, 0, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeCampSpec(1, 0, kMaxDates + 1).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CampPlanTest, SameSpecSamePlan) {
  const CampPlan a = Plan(5, 2), b = Plan(5, 2);
  ASSERT_EQ(a.shelters.size(), b.shelters.size());
  ASSERT_EQ(a.trees.size(), b.trees.size());
  for (size_t i = 0; i < a.shelters.size(); ++i) {
    EXPECT_EQ(a.shelters[i].cx, b.shelters[i].cx);
    EXPECT_EQ(a.shelters[i].angle, b.shelters[i].angle);
    EXPECT_EQ(a.shelters[i].born_day, b.shelters[i].born_day);
    EXPECT_EQ(a.shelters[i].occupants, b.shelters[i].occupants);
  }
}

TEST(CampPlanTest, SheltersAreSeparateSizedAndClearOfOverlayCorners) {
  for (int camp = 0; camp < 4; ++camp) {
    const CampPlan plan = Plan(3, camp);
    const double w = plan.spec.width_m(), h = plan.spec.height_m();
    int tents = 0, makeshift = 0, buildings = 0;
    for (size_t i = 0; i < plan.shelters.size(); ++i) {
      const Shelter& s = plan.shelters[i];
      ASSERT_GE(s.bounds.xmin, 0);
      ASSERT_GE(s.bounds.ymin, 0);
      ASSERT_LE(s.bounds.xmax, w);
      ASSERT_LE(s.bounds.ymax, h);
      switch (s.kind) {
        case ShelterKind::kTent:
          ++tents;
          EXPECT_GE(s.length_m, 2.9);
          EXPECT_LE(s.length_m, 7.3);
          EXPECT_GE(s.width_m, 2.9);
          EXPECT_LE(s.width_m, s.length_m + 1e-9);
          EXPECT_NEAR(s.area_m2, s.length_m * s.width_m, 1e-9);
          EXPECT_GE(s.occupants, 1);
          break;
        case ShelterKind::kMakeshift:
          ++makeshift;
          EXPECT_GE(s.occupants, 1);
          break;
        case ShelterKind::kBuilding:
          ++buildings;
          EXPECT_EQ(s.occupants, 0);
          break;
      }
      for (const Box& corner :
           OverlayCorners(plan.spec.width_px, plan.spec.height_px)) {
        EXPECT_FALSE(corner.Scaled(plan.spec.gsd_m).Intersects(s.bounds));
      }
      // Footprints never overlap: a label is one visible shelter.
      for (size_t j = i + 1; j < plan.shelters.size(); ++j) {
        ASSERT_FALSE(s.bounds.Intersects(plan.shelters[j].bounds))
            << "shelters " << i << " and " << j << " overlap";
      }
    }
    EXPECT_GT(tents, 100);
    EXPECT_GT(buildings, 0);
    // Trees never cover a shelter.
    for (const Tree& t : plan.trees) {
      for (const Shelter& s : plan.shelters) {
        ASSERT_FALSE(t.crown.Intersects(s.bounds));
      }
    }
  }
}

TEST(CampPlanTest, CampsGrowAndShrinkBetweenDates) {
  bool saw_growth = false, saw_shrinkage = false;
  for (int camp = 0; camp < 16 && !(saw_growth && saw_shrinkage); ++camp) {
    const CampPlan plan = Plan(9, camp);
    const auto count = [&](int date) {
      const double day = static_cast<double>(plan.spec.images[date].day);
      return std::count_if(
          plan.shelters.begin(), plan.shelters.end(), [&](const Shelter& s) {
            return s.kind != ShelterKind::kBuilding && s.StandsOn(day);
          });
    };
    const auto first = count(0), last = count(2);
    if (plan.spec.trend == CampTrend::kGrowing) {
      EXPECT_GT(last, first * 1.1) << plan.spec.site_id;
      saw_growth = true;
    }
    if (plan.spec.trend == CampTrend::kShrinking) {
      EXPECT_LT(last, first * 0.9) << plan.spec.site_id;
      saw_shrinkage = true;
    }
  }
  EXPECT_TRUE(saw_growth);
  EXPECT_TRUE(saw_shrinkage);
}

// The field case's regression, population ~ total tent area, must have
// structure (a strong relation) and noise (not an exact one).
TEST(PopulationTest, PopulationFollowsTentAreaWithNoise) {
  std::vector<double> area, people;
  int without_shelter = 0;
  for (int camp = 0; camp < 24; ++camp) {
    const CampPlan plan = Plan(21, camp, 1);
    const CampPopulation p =
        PopulationOn(plan.shelters, plan.occupancy, plan.no_shelter_share,
                     plan.spec.plan_seed, plan.spec.images[0].day);
    area.push_back(p.total_tent_area_m2);
    people.push_back(p.individuals);
    if (p.no_shelter_households > 0) ++without_shelter;
    EXPECT_EQ(p.households, p.tents + p.makeshift + p.no_shelter_households);
  }
  const double n = static_cast<double>(area.size());
  double ma = 0, mp = 0;
  for (size_t i = 0; i < area.size(); ++i) {
    ma += area[i] / n;
    mp += people[i] / n;
  }
  double sap = 0, saa = 0, spp = 0;
  for (size_t i = 0; i < area.size(); ++i) {
    sap += (area[i] - ma) * (people[i] - mp);
    saa += (area[i] - ma) * (area[i] - ma);
    spp += (people[i] - mp) * (people[i] - mp);
  }
  const double r = sap / std::sqrt(saa * spp);
  EXPECT_GE(without_shelter, 20);
  EXPECT_GT(r, 0.8);
  EXPECT_LT(r, 0.999);
}

}  // namespace
}  // namespace campcount::synth
