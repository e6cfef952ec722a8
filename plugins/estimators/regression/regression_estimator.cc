#include "regression_estimator.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ols.h"
#include "regression_explanation.h"

namespace campcount::plugins {
namespace {

Eigen::VectorXd Row(const RegressionDesign& design,
                    const campcount::v1::CampFeatures& features) {
  Eigen::VectorXd row(design.columns.size() + 1);
  row(0) = 1;
  for (size_t j = 0; j < design.columns.size(); ++j) {
    row(j + 1) = design.columns[j].value(features);
  }
  return row;
}

}  // namespace

campcount::v1::PluginManifest RegressionEstimator::ManifestFor(
    const RegressionDesign& design) {
  campcount::v1::PluginManifest manifest;
  manifest.set_name(design.estimator);
  manifest.set_version(design.version);
  manifest.set_description(design.description);
  *manifest.mutable_config() = RegressionConfigFields();
  return manifest;
}

absl::StatusOr<campcount::v1::FitResponse> RegressionEstimator::Fit(
    const campcount::v1::FitRequest& request,
    const campcount::sdk::CallContext& context) {
  if (context.IsCancelled()) return absl::CancelledError("fit cancelled");
  const int n = request.examples_size();
  const int p = static_cast<int>(design_.columns.size()) + 1;
  Eigen::MatrixXd x(n, p);
  Eigen::VectorXd y(n);
  std::set<std::string> camps;
  for (int i = 0; i < n; ++i) {
    const auto& example = request.examples(i);
    x.row(i) = Row(design_, example.features()).transpose();
    y(i) = example.population();
    camps.insert(example.features().camp_id());
  }
  absl::StatusOr<stats::OlsFit> ols = stats::FitOls(x, y);
  if (!ols.ok()) {
    return absl::Status(ols.status().code(),
                        absl::StrCat(design_.estimator, ": cannot fit on ", n,
                                     " survey(s): ", ols.status().message()));
  }
  campcount::v1::FitResponse response;
  campcount::v1::LinearFit& fit = *response.mutable_fit();
  fit.set_formula(design_.formula);
  fit.set_n(n);
  fit.set_camps(static_cast<int64_t>(camps.size()));
  fit.set_degrees_of_freedom(ols->degrees_of_freedom);
  fit.set_r_squared(ols->r_squared);
  fit.set_residual_sd(ols->residual_sd);
  for (int j = 0; j < p; ++j) {
    campcount::v1::Coefficient* c = fit.add_coefficients();
    c->set_name(j == 0 ? "intercept" : design_.columns[j - 1].name);
    c->set_unit(j == 0 ? "people" : design_.columns[j - 1].coefficient_unit);
    c->set_value(ols->coefficients(j));
    c->set_standard_error(ols->standard_errors(j));
  }
  for (int j = 0; j < p; ++j) {
    for (int k = 0; k < p; ++k) fit.add_xtx_inverse(ols->xtx_inverse(j, k));
  }
  for (int j = 1; j < p; ++j) {
    campcount::v1::InputRange* range = fit.add_training_range();
    range->set_name(design_.columns[j - 1].name);
    range->set_unit(design_.columns[j - 1].unit);
    range->set_min(x.col(j).minCoeff());
    range->set_max(x.col(j).maxCoeff());
  }
  campcount::v1::InputRange* outcome = fit.add_training_range();
  outcome->set_name("population");
  outcome->set_unit("people");
  outcome->set_min(y.minCoeff());
  outcome->set_max(y.maxCoeff());
  return response;
}

absl::Status RegressionEstimator::CheckArtifact(
    const campcount::v1::CalibrationArtifact& artifact) const {
  if (artifact.estimator().empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        design_.estimator,
        " needs a calibration artifact and none was found; fit one with "
        "`campcount calibrate --dataset DIR/dataset.json --estimator ",
        design_.estimator, "`"));
  }
  if (artifact.estimator() != design_.estimator) {
    return absl::FailedPreconditionError(
        absl::StrCat("calibration artifact ", artifact.path(), " is for ",
                     artifact.estimator(), ", not ", design_.estimator));
  }
  const auto& fit = artifact.fit();
  const int p = static_cast<int>(design_.columns.size()) + 1;
  bool matches =
      fit.coefficients_size() == p && fit.xtx_inverse_size() == p * p;
  for (int j = 1; matches && j < p; ++j) {
    matches = fit.coefficients(j).name() == design_.columns[j - 1].name;
  }
  if (!matches) {
    std::vector<std::string> names;
    for (const auto& c : fit.coefficients()) names.push_back(c.name());
    return absl::FailedPreconditionError(absl::StrCat(
        "calibration artifact ", artifact.path(), " has coefficients (",
        absl::StrJoin(names, ", "), ") that do not match ", design_.estimator,
        "'s inputs; recalibrate"));
  }
  if (!(fit.degrees_of_freedom() > 0) || !(fit.residual_sd() >= 0)) {
    return absl::FailedPreconditionError(
        absl::StrCat("calibration artifact ", artifact.path(),
                     " has no usable residual spread (degrees of freedom ",
                     fit.degrees_of_freedom(), ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<campcount::v1::EstimatorResponse> RegressionEstimator::Estimate(
    const campcount::v1::EstimatorRequest& request,
    const campcount::sdk::CallContext& context) {
  if (context.IsCancelled()) return absl::CancelledError("estimate cancelled");
  const campcount::v1::CalibrationArtifact& artifact = request.calibration();
  absl::Status check = CheckArtifact(artifact);
  if (!check.ok()) return check;
  const auto& features = request.features();
  for (const DesignColumn& column : design_.columns) {
    const double v = column.value(features);
    if (!std::isfinite(v) || v < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(design_.estimator, ": input ", column.name, " is ", v,
                       "; it must be a finite number of at least 0"));
    }
  }
  const auto& fit = artifact.fit();
  const int p = fit.coefficients_size();
  Eigen::VectorXd beta(p);
  Eigen::MatrixXd xtx_inverse(p, p);
  for (int j = 0; j < p; ++j) {
    beta(j) = fit.coefficients(j).value();
    for (int k = 0; k < p; ++k) xtx_inverse(j, k) = fit.xtx_inverse(j * p + k);
  }
  const Eigen::VectorXd x0 = Row(design_, features);
  const stats::Prediction prediction = stats::Predict(
      beta, xtx_inverse, fit.residual_sd(),
      static_cast<int>(fit.degrees_of_freedom()), x0, settings_.interval_level);

  campcount::v1::EstimatorResponse response;
  campcount::v1::PopulationEstimate& estimate = *response.mutable_estimate();
  estimate.set_estimator(design_.estimator);
  estimate.set_estimator_version(design_.version);
  // A camp has no fewer than zero people; the bounds say so too.
  estimate.set_population(std::max(0.0, prediction.value));
  campcount::v1::Interval& interval = *estimate.mutable_interval();
  interval.set_lower(std::max(0.0, prediction.lower));
  interval.set_upper(std::max(0.0, prediction.upper));
  interval.set_level(settings_.interval_level);
  interval.set_basis(absl::StrCat(
      "prediction interval from the t distribution (", fit.degrees_of_freedom(),
      " degrees of freedom), with the fit's "
      "residual spread and this camp's distance from the training camps"));
  *estimate.mutable_explanation() = ExplainRegression(
      design_, settings_, request, estimate, prediction.leverage);
  return response;
}

}  // namespace campcount::plugins
