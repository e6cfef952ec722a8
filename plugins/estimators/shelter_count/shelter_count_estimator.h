// The no-training baseline: people = shelters counted x people per shelter.
#ifndef CAMPCOUNT_PLUGINS_ESTIMATORS_SHELTER_COUNT_SHELTER_COUNT_ESTIMATOR_H_
#define CAMPCOUNT_PLUGINS_ESTIMATORS_SHELTER_COUNT_SHELTER_COUNT_ESTIMATOR_H_

#include <memory>

#include "absl/status/statusor.h"
#include "campcount/plugin.h"
#include "shelter_count_settings.h"

namespace campcount::plugins {

class ShelterCountEstimator final : public campcount::sdk::Estimator {
 public:
  static constexpr char kName[] = "shelter_count";
  static constexpr char kVersion[] = "1.0.0";

  static campcount::v1::PluginManifest Manifest();
  static absl::StatusOr<std::unique_ptr<ShelterCountEstimator>> Create(
      const campcount::v1::PluginConfig& config);

  explicit ShelterCountEstimator(const ShelterCountSettings& settings)
      : settings_(settings) {}

  absl::StatusOr<campcount::v1::EstimatorResponse> Estimate(
      const campcount::v1::EstimatorRequest& request,
      const campcount::sdk::CallContext& context) override;

 private:
  const ShelterCountSettings settings_;
};

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_ESTIMATORS_SHELTER_COUNT_SHELTER_COUNT_ESTIMATOR_H_
