// time_adjusted: population = a + b × projected tent area (m²), the image's
// tent area carried to the date along the camp's own trend (the change since
// its previous image). Fitted with the days between each image and its
// census, applied with the days between the image and the target date, so an
// estimate can be asked for a date the image was not taken on.
#ifndef CAMPCOUNT_PLUGINS_ESTIMATORS_TIME_ADJUSTED_TIME_ADJUSTED_ESTIMATOR_H_
#define CAMPCOUNT_PLUGINS_ESTIMATORS_TIME_ADJUSTED_TIME_ADJUSTED_ESTIMATOR_H_

#include <memory>

#include "regression_estimator.h"

namespace campcount::plugins {

RegressionDesign TimeAdjustedDesign();

class TimeAdjustedEstimator final : public RegressionEstimator {
 public:
  using RegressionEstimator::RegressionEstimator;
  static campcount::v1::PluginManifest Manifest() {
    return ManifestFor(TimeAdjustedDesign());
  }
  static absl::StatusOr<std::unique_ptr<TimeAdjustedEstimator>> Create(
      const campcount::v1::PluginConfig& config) {
    auto settings = ParseRegressionSettings(Manifest(), config);
    if (!settings.ok()) return settings.status();
    return std::make_unique<TimeAdjustedEstimator>(TimeAdjustedDesign(),
                                                   *settings);
  }
};

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_ESTIMATORS_TIME_ADJUSTED_TIME_ADJUSTED_ESTIMATOR_H_
