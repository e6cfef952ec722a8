// A population estimator that is a linear regression on camp features,
// fitted on census counts (Fit) and applied with a prediction interval from
// the t distribution, using the fit's residual variance and the new point's
// leverage (Estimate). Each explanation carries the formula with numbers,
// the fit it came from and the warnings a camp manager needs.
#ifndef CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_REGRESSION_ESTIMATOR_H_
#define CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_REGRESSION_ESTIMATOR_H_

#include "absl/status/statusor.h"
#include "campcount/plugin.h"
#include "regression_design.h"
#include "regression_settings.h"

namespace campcount::plugins {

class RegressionEstimator : public campcount::sdk::Estimator {
 public:
  RegressionEstimator(RegressionDesign design, RegressionSettings settings)
      : design_(std::move(design)), settings_(settings) {}

  // The manifest every regression estimator shares, for `design`.
  static campcount::v1::PluginManifest ManifestFor(
      const RegressionDesign& design);

  absl::StatusOr<campcount::v1::FitResponse> Fit(
      const campcount::v1::FitRequest& request,
      const campcount::sdk::CallContext& context) override;

  absl::StatusOr<campcount::v1::EstimatorResponse> Estimate(
      const campcount::v1::EstimatorRequest& request,
      const campcount::sdk::CallContext& context) override;

  const RegressionDesign& design() const { return design_; }

 private:
  // FAILED_PRECONDITION unless the artifact is a fit of this design.
  absl::Status CheckArtifact(
      const campcount::v1::CalibrationArtifact& artifact) const;

  const RegressionDesign design_;
  const RegressionSettings settings_;
};

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_REGRESSION_ESTIMATOR_H_
