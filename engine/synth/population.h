// Who lives in a synthetic camp: occupants per shelter with noise, plus
// households without any shelter, so that population ~ total tent area has
// the structure and the scatter of the field case.
#ifndef CAMPCOUNT_ENGINE_SYNTH_POPULATION_H_
#define CAMPCOUNT_ENGINE_SYNTH_POPULATION_H_

#include <cstdint>
#include <vector>

#include "scene_objects.h"

namespace campcount::synth {

// The noise model, written to dataset.json under generator.occupancy.
struct OccupancyModel {
  // People in a tent of the reference area: Normal(mean, sd), at least 1.
  double people_per_tent_mean = 5.0;
  double people_per_tent_sd = 1.2;
  // Bigger tents hold more people: the mean scales with
  // (area / reference_area) ^ area_elasticity.
  double tent_reference_area_m2 = 20.0;
  double area_elasticity = 0.5;
  double people_per_makeshift_mean = 3.2;
  double people_per_makeshift_sd = 1.1;
  // Share of a camp's households that have no shelter: drawn per camp from
  // Normal(mean, sd) clipped to [0.01, 0.3], wobbling per survey.
  double no_shelter_household_share_mean = 0.08;
  double no_shelter_household_share_sd = 0.04;
  double no_shelter_share_wobble_sd = 0.015;
  double people_per_no_shelter_household = 4.6;
};

// Draws the occupants of one shelter (0 for buildings).
int DrawOccupants(const OccupancyModel& model, const Shelter& shelter,
                  uint64_t seed);

// A camp's people and shelters on one day.
struct CampPopulation {
  int tents = 0;
  int makeshift = 0;
  int buildings = 0;
  double total_tent_area_m2 = 0;
  int sheltered_individuals = 0;
  int no_shelter_households = 0;
  int households = 0;  // one per tent or makeshift shelter + no shelter
  int individuals = 0;
};

// `camp_seed` keys the per-day wobble of the no-shelter share.
CampPopulation PopulationOn(const std::vector<Shelter>& shelters,
                            const OccupancyModel& model,
                            double no_shelter_share, uint64_t camp_seed,
                            int64_t day);

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_POPULATION_H_
