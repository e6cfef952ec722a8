// The layout of a synthetic camp across all its dates: every shelter with
// the days it stands, trees, tracks, fences and the camp boundary.
//
// Planning is cheap (no pixels) and deterministic from the CampSpec, so any
// window of any date can be rendered from the plan alone.
#ifndef CAMPCOUNT_ENGINE_SYNTH_CAMP_PLAN_H_
#define CAMPCOUNT_ENGINE_SYNTH_CAMP_PLAN_H_

#include <vector>

#include "absl/status/statusor.h"
#include "camp_spec.h"
#include "population.h"
#include "scene_objects.h"

namespace campcount::synth {

struct CampPlan {
  CampSpec spec;
  OccupancyModel occupancy;
  // Shelters of every date; Shelter::StandsOn(day) says which are up.
  std::vector<Shelter> shelters;
  std::vector<Tree> trees;
  std::vector<Track> tracks;
  std::vector<Fence> fences;
  // The camp boundary (image metres), fixed across dates, holding every
  // shelter of the camp at its largest.
  std::vector<Point2> boundary;
  // Share of households without any shelter (per camp, varies a little per
  // survey around it).
  double no_shelter_share = 0.08;
};

absl::StatusOr<CampPlan> PlanCamp(const CampSpec& spec,
                                  const OccupancyModel& occupancy = {});

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_CAMP_PLAN_H_
