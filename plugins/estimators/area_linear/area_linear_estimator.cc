#include "area_linear_estimator.h"

namespace campcount::plugins {

RegressionDesign AreaLinearDesign() {
  RegressionDesign design;
  design.estimator = "area_linear";
  design.version = "1.0.0";
  design.description =
      "Linear regression on the total tent area: population = a + b × total "
      "tent area (m²), fitted on census counts (campcount calibrate), with a "
      "95 % prediction interval from the t distribution.";
  design.formula = "population = a + b × total tent area (m²)";
  design.columns.push_back({"total_tent_area_m2", "m²", "the total tent area",
                            "people per m²",
                            [](const campcount::v1::CampFeatures& f) {
                              return f.total_tent_area_m2();
                            }});
  return design;
}

}  // namespace campcount::plugins
