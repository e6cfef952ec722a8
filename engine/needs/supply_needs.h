// Supply needs from a population (with its interval) and planning
// standards: water, food energy, soap per day and per month; toilets (split
// female:male), taps, covered and camp area that must exist; now and for each
// of the next months on the time trend.
#ifndef CAMPCOUNT_ENGINE_NEEDS_SUPPLY_NEEDS_H_
#define CAMPCOUNT_ENGINE_NEEDS_SUPPLY_NEEDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "campcount/v1/census.pb.h"
#include "campcount/v1/needs.pb.h"

namespace campcount::needs {

// What the figures start from.
struct PopulationBasis {
  campcount::v1::Quantity population;
  std::string date;  // YYYY-MM-DD; may be empty
  double trend_people_per_day = 0;
  std::string description;
};

// The lines of one period for `population` under `standards`.
campcount::v1::SupplyPeriod NeedsFor(
    const campcount::v1::Quantity& population,
    const campcount::v1::SupplyStandards& standards);

// Now plus `months` projected months (population + trend × days per month ×
// k, interval shifted alike, never below 0).
campcount::v1::SupplyNeedsResponse ProjectNeeds(
    const PopulationBasis& basis,
    const campcount::v1::SupplyStandards& standards, int months);

// The basis from a camp's census: the latest non-stale survey, and the trend
// (least squares, people per day) through up to the last 6 non-stale ones.
absl::StatusOr<PopulationBasis> BasisFromCensus(
    const campcount::v1::ReadCensusResponse& census,
    const std::string& site_id);

}  // namespace campcount::needs

#endif  // CAMPCOUNT_ENGINE_NEEDS_SUPPLY_NEEDS_H_
