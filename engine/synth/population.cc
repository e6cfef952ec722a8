#include "population.h"

#include <algorithm>
#include <cmath>

#include "random.h"

namespace campcount::synth {

int DrawOccupants(const OccupancyModel& model, const Shelter& shelter,
                  uint64_t seed) {
  Rng rng(seed);
  switch (shelter.kind) {
    case ShelterKind::kBuilding:
      return 0;
    case ShelterKind::kMakeshift:
      return std::max(1, static_cast<int>(std::lround(
                             rng.Normal(model.people_per_makeshift_mean,
                                        model.people_per_makeshift_sd))));
    case ShelterKind::kTent: {
      const double mean =
          model.people_per_tent_mean *
          std::pow(shelter.area_m2 / model.tent_reference_area_m2,
                   model.area_elasticity);
      return std::max(1, static_cast<int>(std::lround(
                             rng.Normal(mean, model.people_per_tent_sd))));
    }
  }
  return 0;
}

CampPopulation PopulationOn(const std::vector<Shelter>& shelters,
                            const OccupancyModel& model,
                            double no_shelter_share, uint64_t camp_seed,
                            int64_t day) {
  CampPopulation p;
  for (const Shelter& s : shelters) {
    if (!s.StandsOn(static_cast<double>(day))) continue;
    switch (s.kind) {
      case ShelterKind::kTent:
        ++p.tents;
        p.total_tent_area_m2 += s.area_m2;
        break;
      case ShelterKind::kMakeshift:
        ++p.makeshift;
        break;
      case ShelterKind::kBuilding:
        ++p.buildings;
        break;
    }
    p.sheltered_individuals += s.occupants;
  }
  // The share drifts a little from survey to survey; keyed by the day so
  // the image truth and a census on the same day would agree.
  Rng rng(SubSeed(camp_seed, 0x5e1f, static_cast<uint64_t>(day)));
  const double share = std::clamp(
      no_shelter_share + rng.Normal(0, model.no_shelter_share_wobble_sd), 0.0,
      0.5);
  const int sheltered_households = p.tents + p.makeshift;
  p.no_shelter_households =
      static_cast<int>(std::lround(share / (1 - share) * sheltered_households));
  int unsheltered_people = 0;
  for (int i = 0; i < p.no_shelter_households; ++i) {
    unsheltered_people +=
        std::max(1, static_cast<int>(std::lround(rng.Normal(
                        model.people_per_no_shelter_household, 1.2))));
  }
  p.households = sheltered_households + p.no_shelter_households;
  p.individuals = p.sheltered_individuals + unsheltered_people;
  return p;
}

}  // namespace campcount::synth
