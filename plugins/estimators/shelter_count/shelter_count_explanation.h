// The words that go with a shelter_count estimate: formula, summary, inputs,
// assumptions and warnings, for a camp manager rather than a statistician.
#ifndef CAMPCOUNT_PLUGINS_ESTIMATORS_SHELTER_COUNT_SHELTER_COUNT_EXPLANATION_H_
#define CAMPCOUNT_PLUGINS_ESTIMATORS_SHELTER_COUNT_SHELTER_COUNT_EXPLANATION_H_

#include <string>
#include <vector>

#include "campcount/v1/estimate.pb.h"
#include "shelter_count_settings.h"

namespace campcount::plugins {

// What could make the estimate misleading, one sentence each.
std::vector<std::string> ShelterCountWarnings(
    const campcount::v1::CampFeatures& features,
    const ShelterCountSettings& settings, double population);

// The full explanation of `estimate` (population and interval filled in).
campcount::v1::Explanation ExplainShelterCount(
    const campcount::v1::CampFeatures& features,
    const ShelterCountSettings& settings,
    const campcount::v1::PopulationEstimate& estimate);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_ESTIMATORS_SHELTER_COUNT_SHELTER_COUNT_EXPLANATION_H_
