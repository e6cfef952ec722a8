#include "census_trend_estimator.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "campcount/number_format.h"
#include "campcount/plugin_settings.h"
#include "census_check.h"
#include "ols.h"

namespace campcount::plugins {
namespace {

using ::campcount::sdk::FormatCount;
using ::campcount::sdk::FormatNumber;

struct Survey {
  std::string date;
  int days_before_target = 0;  // >= 0
  double individuals = 0;
};

void AddInput(campcount::v1::Explanation* explanation, const std::string& name,
              const std::string& value, const std::string& unit) {
  campcount::v1::NamedValue* input = explanation->add_inputs();
  input->set_name(name);
  input->set_value(value);
  input->set_unit(unit);
}

}  // namespace

campcount::v1::PluginManifest CensusTrendEstimator::Manifest() {
  campcount::v1::PluginManifest manifest;
  manifest.set_name(kName);
  manifest.set_version(kVersion);
  manifest.set_description(
      "Census only: a straight-line trend through the camp's most recent "
      "census surveys (stale repeats left out), projected to the target "
      "date with a prediction interval. Needs the request to name a census "
      "(census_uri); uses no imagery.");
  *manifest.mutable_config() = RegressionConfigFields();
  auto* window = manifest.add_config();
  window->set_name("window_surveys");
  window->set_type("int");
  window->set_default_value("6");
  window->set_description("Most recent surveys the trend is fitted on.");
  auto* fallback = manifest.add_config();
  fallback->set_name("fallback_relative_halfwidth");
  fallback->set_type("double");
  fallback->set_default_value("0.15");
  fallback->set_description(
      "With fewer than 3 surveys: the last count ± this share, as an "
      "assumed range.");
  return manifest;
}

absl::StatusOr<std::unique_ptr<CensusTrendEstimator>>
CensusTrendEstimator::Create(const campcount::v1::PluginConfig& config) {
  CensusTrendSettings settings;
  auto common = ParseRegressionSettings(Manifest(), config);
  if (!common.ok()) return common.status();
  settings.common = *common;
  auto parsed = campcount::sdk::PluginSettings::Make(Manifest(), config);
  if (!parsed.ok()) return parsed.status();
  auto window = parsed->GetInt("window_surveys");
  if (!window.ok()) return window.status();
  if (*window < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "plugin census_trend: setting 'window_surveys' = ", *window,
        " must be at least 1"));
  }
  settings.window_surveys = *window;
  auto halfwidth = parsed->GetDouble("fallback_relative_halfwidth");
  if (!halfwidth.ok()) return halfwidth.status();
  if (!(*halfwidth >= 0 && *halfwidth < 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "plugin census_trend: setting 'fallback_relative_halfwidth' = ",
        *halfwidth, " must be between 0 and 1"));
  }
  settings.fallback_relative_halfwidth = *halfwidth;
  return std::make_unique<CensusTrendEstimator>(settings);
}

absl::StatusOr<campcount::v1::EstimatorResponse> CensusTrendEstimator::Estimate(
    const campcount::v1::EstimatorRequest& request,
    const campcount::sdk::CallContext& context) {
  if (context.IsCancelled()) return absl::CancelledError("estimate cancelled");
  const auto& features = request.features();
  const std::string target = features.target_date().empty()
                                 ? features.image_date()
                                 : features.target_date();
  if (target.empty()) {
    return absl::InvalidArgumentError(
        "census_trend: no target date (and the image has no date); name one");
  }
  std::vector<Survey> surveys;
  int stale = 0;
  for (const auto& entry : request.census()) {
    auto days = DaysFromTo(entry.record().survey_date(), target);
    if (!days || *days < 0) continue;
    if (entry.stale()) {
      ++stale;
      continue;
    }
    surveys.push_back({entry.record().survey_date(), *days,
                       double(entry.record().individuals())});
  }
  if (surveys.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("census_trend: no usable census survey of camp '",
                     features.camp_id(), "' on or before ", target,
                     request.census_size() == 0
                         ? " (the request named no census; set census_uri)"
                         : ""));
  }
  std::sort(
      surveys.begin(), surveys.end(), [](const Survey& a, const Survey& b) {
        return a.days_before_target > b.days_before_target;  // oldest first
      });
  if (static_cast<int>(surveys.size()) > settings_.window_surveys) {
    surveys.erase(surveys.begin(), surveys.end() - settings_.window_surveys);
  }
  const Survey& last = surveys.back();
  const int n = static_cast<int>(surveys.size());

  campcount::v1::EstimatorResponse response;
  campcount::v1::PopulationEstimate& estimate = *response.mutable_estimate();
  estimate.set_estimator(kName);
  estimate.set_estimator_version(kVersion);
  campcount::v1::Interval& interval = *estimate.mutable_interval();
  campcount::v1::Explanation& explanation = *estimate.mutable_explanation();
  double slope = 0;
  if (n >= 3) {
    // individuals = a + b × (days before target) × -1: at the target, a.
    Eigen::MatrixXd x(n, 2);
    Eigen::VectorXd y(n);
    for (int i = 0; i < n; ++i) {
      x(i, 0) = 1;
      x(i, 1) = -double(surveys[i].days_before_target);
      y(i) = surveys[i].individuals;
    }
    auto fit = stats::FitOls(x, y);
    if (!fit.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("census_trend: ", fit.status().message()));
    }
    Eigen::VectorXd x0(2);
    x0 << 1, 0;
    const stats::Prediction p = stats::Predict(
        fit->coefficients, fit->xtx_inverse, fit->residual_sd,
        fit->degrees_of_freedom, x0, settings_.common.interval_level);
    slope = fit->coefficients(1);
    estimate.set_population(std::max(0.0, p.value));
    interval.set_lower(std::max(0.0, p.lower));
    interval.set_upper(std::max(0.0, p.upper));
    interval.set_level(settings_.common.interval_level);
    interval.set_basis(
        absl::StrCat("prediction interval of a straight-line trend through ", n,
                     " surveys (t distribution, ", fit->degrees_of_freedom,
                     " degrees of freedom)"));
    explanation.set_formula(absl::StrCat(
        "population = ", FormatCount(std::llround(last.individuals)),
        " (census of ", last.date, ") ", slope < 0 ? "− " : "+ ",
        FormatCoefficient(std::fabs(slope)), " people/day × ",
        last.days_before_target, " days, on the trend of ", n,
        " surveys = ", FormatCount(std::llround(p.value))));
    explanation.add_assumptions(absl::StrCat(
        "The trend: n = ", n, " surveys from ", surveys.front().date, " to ",
        last.date, ", R² = ", FormatNumber(fit->r_squared, 3), ", residual SD ",
        FormatNumber(fit->residual_sd, 0),
        " people. The camp keeps growing or shrinking at the same pace."));
  } else {
    const double h = settings_.fallback_relative_halfwidth;
    estimate.set_population(last.individuals);
    interval.set_lower(last.individuals * (1 - h));
    interval.set_upper(last.individuals * (1 + h));
    interval.set_level(0);
    interval.set_basis(absl::StrCat("the last count ± ",
                                    FormatNumber(h * 100, 1),
                                    " % (an assumption: too few surveys for "
                                    "a trend)"));
    explanation.set_formula(absl::StrCat(
        "population = ", FormatCount(std::llround(last.individuals)),
        " (census of ", last.date, "; ", n,
        " usable survey(s), too few for a trend)"));
    explanation.add_warnings(
        absl::StrCat("Only ", n, " usable survey(s) on or before ", target,
                     ": the last count is carried forward without a trend."));
  }
  explanation.set_summary(
      absl::StrCat("About ", FormatCount(std::llround(estimate.population())),
                   " people on ", target, " (",
                   interval.level() > 0
                       ? absl::StrCat(FormatNumber(interval.level() * 100, 1),
                                      " % prediction interval ")
                       : "assumed range ",
                   FormatCount(std::llround(interval.lower())), "–",
                   FormatCount(std::llround(interval.upper())),
                   "), projected from the camp's census alone."));
  AddInput(&explanation, "target date", target, "");
  AddInput(&explanation, "last census",
           absl::StrCat(last.date, ": ",
                        FormatCount(std::llround(last.individuals))),
           "people");
  AddInput(&explanation, "surveys used", std::to_string(n), "surveys");
  AddInput(&explanation, "stale surveys left out", std::to_string(stale),
           "surveys");
  AddInput(&explanation, "trend_people_per_day", FormatNumber(slope, 4),
           "people per day");
  if (last.days_before_target > settings_.common.max_days_to_target) {
    explanation.add_warnings(absl::StrCat(
        "The last usable census (", last.date, ") is ", last.days_before_target,
        " days before the target date; the camp may have changed since."));
  }
  if (stale > 0) {
    explanation.add_warnings(absl::StrCat(
        stale,
        " survey(s) repeating the previous round's count exactly were "
        "left out as likely copies."));
  }
  return response;
}

}  // namespace campcount::plugins
