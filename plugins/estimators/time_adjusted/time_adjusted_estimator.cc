#include "time_adjusted_estimator.h"

namespace campcount::plugins {

RegressionDesign TimeAdjustedDesign() {
  RegressionDesign design;
  design.estimator = "time_adjusted";
  design.version = "1.0.0";
  design.description =
      "Linear regression on the total tent area and the days since the "
      "image: population = a + b × total tent area (m²) + c × days from the "
      "image to the census (fit) or target date (estimate), with a 95 % "
      "prediction interval from the t distribution.";
  design.formula =
      "population = a + b × total tent area (m²) + c × days since the image";
  design.columns.push_back({"total_tent_area_m2", "m²", "the total tent area",
                            "people per m²",
                            [](const campcount::v1::CampFeatures& f) {
                              return f.total_tent_area_m2();
                            }});
  design.columns.push_back(
      {"days_since_image", "days", "the time from image to target date",
       "people per day", [](const campcount::v1::CampFeatures& f) {
         return double(f.days_to_target());
       }});
  return design;
}

}  // namespace campcount::plugins
