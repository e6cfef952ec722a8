// census_trend: the census-only answer. Projects a camp's recent census
// surveys to the target date with a straight-line trend and a prediction
// interval; the answer when there is no usable image, and the yardstick the
// imagery pipelines are compared with.
#ifndef CAMPCOUNT_PLUGINS_ESTIMATORS_CENSUS_TREND_CENSUS_TREND_ESTIMATOR_H_
#define CAMPCOUNT_PLUGINS_ESTIMATORS_CENSUS_TREND_CENSUS_TREND_ESTIMATOR_H_

#include <memory>

#include "absl/status/statusor.h"
#include "campcount/plugin.h"
#include "regression_settings.h"

namespace campcount::plugins {

struct CensusTrendSettings {
  RegressionSettings common;
  // Most recent surveys the trend is fitted on.
  int window_surveys = 6;
  // With fewer than 3 surveys there is no trend to fit: the last count is
  // used, with this relative half-width as an assumed range.
  double fallback_relative_halfwidth = 0.15;
};

class CensusTrendEstimator final : public campcount::sdk::Estimator {
 public:
  static constexpr char kName[] = "census_trend";
  static constexpr char kVersion[] = "1.0.0";

  static campcount::v1::PluginManifest Manifest();
  static absl::StatusOr<std::unique_ptr<CensusTrendEstimator>> Create(
      const campcount::v1::PluginConfig& config);

  explicit CensusTrendEstimator(CensusTrendSettings settings)
      : settings_(settings) {}

  absl::StatusOr<campcount::v1::EstimatorResponse> Estimate(
      const campcount::v1::EstimatorRequest& request,
      const campcount::sdk::CallContext& context) override;

 private:
  const CensusTrendSettings settings_;
};

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_ESTIMATORS_CENSUS_TREND_CENSUS_TREND_ESTIMATOR_H_
