#include "time_adjusted_estimator.h"

#include "tent_area_trend.h"

namespace campcount::plugins {

// Version 2: the date enters through the camp's own trend. Version 1 added
// c × days with one c for every camp; camps grow and shrink, so that pooled
// slope was near zero and did worse than area_linear far from the image
// (docs/estimators.md, "time_adjusted").
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
  return design;
}

}  // namespace campcount::plugins
