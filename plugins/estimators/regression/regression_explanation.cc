#include "regression_explanation.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "campcount/number_format.h"
#include "census_check.h"

namespace campcount::plugins {
namespace {

using ::campcount::sdk::FormatCount;
using ::campcount::sdk::FormatNumber;

std::string Percent(double level) {
  return FormatNumber(level * 100, 1) + " %";
}

}  // namespace

void AddExplanationInput(campcount::v1::Explanation* explanation,
                         const std::string& name, const std::string& value,
                         const std::string& unit) {
  campcount::v1::NamedValue* input = explanation->add_inputs();
  input->set_name(name);
  input->set_value(value);
  input->set_unit(unit);
}

std::vector<std::string> RegressionWarnings(
    const RegressionDesign& design, const RegressionSettings& settings,
    const campcount::v1::EstimatorRequest& request,
    const campcount::v1::PopulationEstimate& estimate) {
  std::vector<std::string> warnings;
  const auto& features = request.features();
  const auto& fit = request.calibration().fit();
  for (const DesignColumn& column : design.columns) {
    const double v = column.value(features);
    for (const auto& range : fit.training_range()) {
      if (range.name() != column.name) continue;
      if (v < range.min() || v > range.max()) {
        warnings.push_back(absl::StrCat(
            "Extrapolation: ", column.label, " is ", FormatNumber(v, 1), " ",
            column.unit, ", outside the ", FormatNumber(range.min(), 1), "–",
            FormatNumber(range.max(), 1), " ", column.unit,
            " of the camps the fit was trained on; the straight line may not "
            "hold there."));
      }
    }
  }
  if (std::abs(features.days_to_target()) > settings.max_days_to_target) {
    warnings.push_back(absl::StrCat(
        "The image (", features.image_date(), ") is ",
        std::abs(features.days_to_target()), " days from the target date (",
        features.target_date(), "); the camp may have changed since."));
  }
  if (features.tent_count() > 0 &&
      double(features.near_threshold_count()) / features.tent_count() >
          settings.near_threshold_warning_fraction) {
    warnings.push_back(absl::StrCat(
        FormatCount(features.near_threshold_count()), " of ",
        FormatCount(features.tent_count()),
        " shelters scored just above the threshold (",
        FormatNumber(features.score_threshold(), 2),
        "); the count, and so the estimate, depends on that choice."));
  }
  const std::string target = features.target_date().empty()
                                 ? features.image_date()
                                 : features.target_date();
  auto census =
      CensusNear(request.census(), target, settings.census_match_days);
  if (census) {
    std::string warning =
        CensusOutsideIntervalWarning(*census, estimate.interval());
    if (!warning.empty()) warnings.push_back(warning);
  }
  return warnings;
}

campcount::v1::Explanation ExplainRegression(
    const RegressionDesign& design, const RegressionSettings& settings,
    const campcount::v1::EstimatorRequest& request,
    const campcount::v1::PopulationEstimate& estimate, double leverage) {
  campcount::v1::Explanation explanation;
  const auto& features = request.features();
  const auto& artifact = request.calibration();
  const auto& fit = artifact.fit();

  // "population = 152.3 + 0.2101 × 19,480.5 m² + 3.95 × 30 days = 4,364"
  std::string formula = absl::StrCat(
      "population = ", FormatCoefficient(fit.coefficients(0).value()));
  double raw = fit.coefficients(0).value();
  for (size_t j = 0; j < design.columns.size(); ++j) {
    const double b = fit.coefficients(static_cast<int>(j) + 1).value();
    const double v = design.columns[j].value(features);
    raw += b * v;
    absl::StrAppend(&formula, b < 0 ? " − " : " + ",
                    FormatCoefficient(std::fabs(b)), " × ", FormatNumber(v, 1),
                    " ", design.columns[j].unit);
  }
  absl::StrAppend(&formula, " = ", FormatCount(std::llround(raw)));
  if (raw < 0) absl::StrAppend(&formula, " (below zero: reported as 0)");
  explanation.set_formula(formula);

  explanation.set_summary(absl::StrCat(
      "About ", FormatCount(std::llround(estimate.population())), " people (",
      Percent(estimate.interval().level()), " prediction interval ",
      FormatCount(std::llround(estimate.interval().lower())), "–",
      FormatCount(std::llround(estimate.interval().upper())), ") from ",
      FormatCount(features.tent_count()), " shelters covering ",
      FormatNumber(features.total_tent_area_m2(), 0), " m², using ",
      design.formula, " fitted on ", fit.n(), " census surveys of ",
      fit.camps(), " camps."));

  AddExplanationInput(&explanation, "shelters found",
                      FormatCount(features.tent_count()), "shelters");
  AddExplanationInput(&explanation, "total tent area",
                      FormatNumber(features.total_tent_area_m2(), 1), "m²");
  AddExplanationInput(&explanation, "score threshold",
                      FormatNumber(features.score_threshold(), 2), "");
  AddExplanationInput(&explanation, "boxes near the threshold",
                      FormatCount(features.near_threshold_count()), "shelters");
  AddExplanationInput(&explanation, "image date", features.image_date(), "");
  AddExplanationInput(&explanation, "target date", features.target_date(), "");
  AddExplanationInput(&explanation, "days from image to target",
                      std::to_string(features.days_to_target()), "days");
  AddExplanationInput(&explanation, "ground sample distance",
                      FormatNumber(features.gsd_m(), 3), "m/pixel");
  AddExplanationInput(&explanation, "leverage", FormatNumber(leverage, 4), "");
  for (const auto& c : fit.coefficients()) {
    AddExplanationInput(
        &explanation, absl::StrCat("coefficient ", c.name()),
        absl::StrCat(FormatCoefficient(c.value()), " ± ",
                     FormatCoefficient(c.standard_error()), " (SE)"),
        c.unit());
  }

  campcount::v1::ComponentVersion* calibration = explanation.add_components();
  calibration->set_role("calibration");
  calibration->set_name(artifact.path().empty()
                            ? absl::StrCat(artifact.estimator(), " calibration")
                            : artifact.path());
  calibration->set_version(artifact.version());
  calibration->set_sha256(artifact.sha256());
  if (!artifact.detector_model().empty()) {
    campcount::v1::ComponentVersion* model = explanation.add_components();
    model->set_role("calibration detector model");
    model->set_name(artifact.detector_model());
    model->set_sha256(artifact.detector_model_sha256());
  }

  std::string ranges;
  for (const auto& range : fit.training_range()) {
    absl::StrAppend(&ranges, ranges.empty() ? "" : "; ", range.name(), " ",
                    FormatNumber(range.min(), 1), "–",
                    FormatNumber(range.max(), 1), " ", range.unit());
  }
  explanation.add_assumptions(absl::StrCat(
      "The fit: n = ", fit.n(), " surveys of ", fit.camps(),
      " camps, R² = ", FormatNumber(fit.r_squared(), 3), ", residual SD ",
      FormatNumber(fit.residual_sd(), 0), " people; training range: ", ranges,
      ". Calibration ", artifact.version().empty() ? "" : "version ",
      artifact.version(), " (", artifact.created(), ") on dataset ",
      artifact.dataset(), " with detector ", artifact.detector(),
      " at threshold ", FormatNumber(artifact.score_threshold(), 2), "."));
  explanation.add_assumptions(
      "The camp resembles the camps the fit was trained on (occupancy per m² "
      "of tent, share of households without a tent), and the detector and "
      "threshold are the ones used for the fit.");
  if (std::fabs(features.score_threshold() - artifact.score_threshold()) >
      1e-6) {
    explanation.add_warnings(absl::StrCat(
        "The score threshold (", FormatNumber(features.score_threshold(), 2),
        ") differs from the calibration's (",
        FormatNumber(artifact.score_threshold(), 2),
        "); the coefficients assume the calibration's."));
  }
  for (std::string& w :
       RegressionWarnings(design, settings, request, estimate)) {
    explanation.add_warnings(std::move(w));
  }
  if (design.explain) design.explain(features, fit, &explanation);
  return explanation;
}

}  // namespace campcount::plugins
