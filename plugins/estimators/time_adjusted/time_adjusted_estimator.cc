#include "time_adjusted_estimator.h"

#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "campcount/number_format.h"
#include "regression_explanation.h"
#include "tent_area_trend.h"

namespace campcount::plugins {

// Version 2: the date enters through the camp's own trend. Version 1 added
// c × days with one c for every camp; camps grow and shrink, so that pooled
// slope was near zero and did worse than area_linear far from the image
// (docs/estimators.md, "time_adjusted").
namespace {

using ::campcount::sdk::FormatNumber;

// The trend behind the projection, in the explanation: the previous image,
// the change per day, the projected area, the trend in people per day for
// supply planning; and a warning when there is no trend or it was capped.
void ExplainTrend(const campcount::v1::CampFeatures& features,
                  const campcount::v1::LinearFit& fit,
                  campcount::v1::Explanation* explanation) {
  const TentAreaTrend trend = TentAreaTrendOf(features);
  if (trend.known) {
    AddExplanationInput(explanation, "previous image date",
                        features.previous_image_date(), "");
    AddExplanationInput(explanation, "tent area in the previous image",
                        FormatNumber(features.previous_total_tent_area_m2(), 1),
                        "m²");
    AddExplanationInput(
        explanation, "tent area change per day between the images",
        FormatNumber(trend.growth_per_day * 100, 3), "% per day");
    AddExplanationInput(
        explanation, "projected tent area",
        FormatNumber(features.total_tent_area_m2() * trend.factor, 1), "m²");
  }
  if (fit.coefficients_size() == 2) {
    AddExplanationInput(
        explanation, "trend_people_per_day",
        FormatNumber(fit.coefficients(1).value() *
                         features.total_tent_area_m2() * trend.growth_per_day,
                     4),
        "people per day");
  }
  if (features.days_to_target() == 0) return;
  if (!trend.known) {
    explanation->add_warnings(absl::StrCat(
        "No earlier image of this camp (or no tents in it): its trend is "
        "unknown, so the tent area was not projected over the ",
        std::abs(features.days_to_target()),
        " days to the target date. Estimate from a dataset with several "
        "images of the camp to use its trend."));
  } else if (trend.bounded) {
    explanation->add_warnings(absl::StrCat(
        "The camp's trend (", FormatNumber(trend.growth_per_day * 100, 3),
        " % per day between ", features.previous_image_date(), " and ",
        features.image_date(), ") would take its tent area beyond ",
        FormatNumber(kMinTrendFactor, 2), "–", FormatNumber(kMaxTrendFactor, 0),
        " times the imaged area by the target date; the projection was "
        "capped there."));
  }
}

}  // namespace

RegressionDesign TimeAdjustedDesign() {
  RegressionDesign design;
  design.estimator = "time_adjusted";
  design.version = "2.0.0";
  design.description =
      "Linear regression on the tent area projected to the target date: "
      "population = a + b × projected tent area (m²), where the projected "
      "area is the image's total tent area changed at the rate it changed "
      "between the camp's previous image and this one, for the days from the "
      "image to the census (fit) or target date (estimate); with a 95 % "
      "prediction interval from the t distribution. Without a previous image "
      "the area is not projected.";
  design.formula =
      "population = a + b × projected tent area (m²); projected = tent area × "
      "(1 + growth per day × days since the image)";
  design.columns.push_back({"projected_tent_area_m2", "m²",
                            "the tent area projected to the target date",
                            "people per m²",
                            [](const campcount::v1::CampFeatures& f) {
                              return ProjectedTentArea(f);
                            }});
  design.explain = ExplainTrend;
  return design;
}

}  // namespace campcount::plugins
