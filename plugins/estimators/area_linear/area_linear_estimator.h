// area_linear: population = a + b × total tent area (m²), the field case's
// model, chosen because a camp manager can follow it.
#ifndef CAMPCOUNT_PLUGINS_ESTIMATORS_AREA_LINEAR_AREA_LINEAR_ESTIMATOR_H_
#define CAMPCOUNT_PLUGINS_ESTIMATORS_AREA_LINEAR_AREA_LINEAR_ESTIMATOR_H_

#include <memory>

#include "regression_estimator.h"

namespace campcount::plugins {

RegressionDesign AreaLinearDesign();

class AreaLinearEstimator final : public RegressionEstimator {
 public:
  using RegressionEstimator::RegressionEstimator;
  static campcount::v1::PluginManifest Manifest() {
    return ManifestFor(AreaLinearDesign());
  }
  static absl::StatusOr<std::unique_ptr<AreaLinearEstimator>> Create(
      const campcount::v1::PluginConfig& config) {
    auto settings = ParseRegressionSettings(Manifest(), config);
    if (!settings.ok()) return settings.status();
    return std::make_unique<AreaLinearEstimator>(AreaLinearDesign(), *settings);
  }
};

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_ESTIMATORS_AREA_LINEAR_AREA_LINEAR_ESTIMATOR_H_
