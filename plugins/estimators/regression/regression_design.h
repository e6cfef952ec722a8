// What distinguishes one regression estimator from another: the inputs it
// multiplies by fitted coefficients. area_linear and time_adjusted are the
// same machinery with different designs.
#ifndef CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_REGRESSION_DESIGN_H_
#define CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_REGRESSION_DESIGN_H_

#include <functional>
#include <string>
#include <vector>

#include "campcount/v1/calibration_artifact.pb.h"
#include "campcount/v1/estimate.pb.h"

namespace campcount::plugins {

struct DesignColumn {
  // Coefficient name in the artifact, e.g. "total_tent_area_m2".
  std::string name;
  // Unit of the input and, in words, what it is.
  std::string unit;
  std::string label;
  // Unit of its coefficient, e.g. "people per m²".
  std::string coefficient_unit;
  std::function<double(const campcount::v1::CampFeatures&)> value;
};

struct RegressionDesign {
  std::string estimator;
  std::string version;
  std::string description;
  // The model in words, e.g. "population = a + b × total tent area (m²)".
  std::string formula;
  // Inputs after the intercept.
  std::vector<DesignColumn> columns;
  // Optional: inputs and warnings of the explanation that only this design
  // has, added after the common ones.
  std::function<void(const campcount::v1::CampFeatures&,
                     const campcount::v1::LinearFit&,
                     campcount::v1::Explanation*)>
      explain;
};

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_REGRESSION_DESIGN_H_
