#include "shelter_count_estimator.h"

#include <cmath>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "campcount/number_format.h"
#include "shelter_count_explanation.h"

namespace campcount::plugins {

using ::campcount::sdk::FormatNumber;
namespace {

absl::Status CheckNotNegative(const char* field, double value) {
  if (value >= 0) return absl::OkStatus();  // Also false for NaN.
  return absl::InvalidArgumentError(
      absl::StrCat("shelter_count: features.", field, " is ", value,
                   "; it must be a number of at least 0"));
}

}  // namespace

campcount::v1::PluginManifest ShelterCountEstimator::Manifest() {
  campcount::v1::PluginManifest manifest;
  manifest.set_name(kName);
  manifest.set_version(kVersion);
  manifest.set_description(
      "Baseline that needs no training: people = shelters counted x people "
      "per shelter (5 by default, a standard family tent), with the range "
      "given by the fewest and most people per shelter considered "
      "plausible.");
  *manifest.mutable_config() = ShelterCountConfigFields();
  return manifest;
}

absl::StatusOr<std::unique_ptr<ShelterCountEstimator>>
ShelterCountEstimator::Create(const campcount::v1::PluginConfig& config) {
  absl::StatusOr<ShelterCountSettings> settings =
      ParseShelterCountSettings(Manifest(), config);
  if (!settings.ok()) return settings.status();
  return std::make_unique<ShelterCountEstimator>(*settings);
}

absl::StatusOr<campcount::v1::EstimatorResponse>
ShelterCountEstimator::Estimate(const campcount::v1::EstimatorRequest& request,
                                const campcount::sdk::CallContext& context) {
  if (context.IsCancelled()) return absl::CancelledError("estimate cancelled");
  const campcount::v1::CampFeatures& features = request.features();
  for (const auto& [field, value] :
       {std::pair{"tent_count", double(features.tent_count())},
        {"total_tent_area_m2", features.total_tent_area_m2()},
        {"camp_area_m2", features.camp_area_m2()},
        {"near_threshold_count", double(features.near_threshold_count())},
        {"gsd_m", features.gsd_m()}}) {
    absl::Status status = CheckNotNegative(field, value);
    if (!status.ok()) return status;
  }

  const double count = double(features.tent_count());
  campcount::v1::EstimatorResponse response;
  campcount::v1::PopulationEstimate& estimate = *response.mutable_estimate();
  estimate.set_estimator(kName);
  estimate.set_estimator_version(kVersion);
  estimate.set_population(count * settings_.persons_per_shelter);
  campcount::v1::Interval& interval = *estimate.mutable_interval();
  interval.set_lower(count * settings_.min_persons_per_shelter);
  interval.set_upper(count * settings_.max_persons_per_shelter);
  interval.set_level(0);  // A range of assumptions, not a probability.
  interval.set_basis(
      absl::StrCat("range of persons per shelter ",
                   FormatNumber(settings_.min_persons_per_shelter), "–",
                   FormatNumber(settings_.max_persons_per_shelter),
                   " (an assumption, not a probability)"));
  *estimate.mutable_explanation() =
      ExplainShelterCount(features, settings_, estimate);
  return response;
}

}  // namespace campcount::plugins
