// The words that go with a regression estimate (DESIGN §6): the formula with
// the numbers put in, the inputs, the fit it came from (n, R², residual SD,
// training range, artifact and its hash) and the warnings.
#ifndef CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_REGRESSION_EXPLANATION_H_
#define CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_REGRESSION_EXPLANATION_H_

#include <string>
#include <vector>

#include "campcount/v1/estimate.pb.h"
#include "regression_design.h"
#include "regression_settings.h"

namespace campcount::plugins {

// One sentence per problem: extrapolation, image far from the target date,
// many boxes near the threshold, census above the interval.
std::vector<std::string> RegressionWarnings(
    const RegressionDesign& design, const RegressionSettings& settings,
    const campcount::v1::EstimatorRequest& request,
    const campcount::v1::PopulationEstimate& estimate);

// Appends one named input (name, value as shown, unit) to an explanation.
void AddExplanationInput(campcount::v1::Explanation* explanation,
                         const std::string& name, const std::string& value,
                         const std::string& unit);

campcount::v1::Explanation ExplainRegression(
    const RegressionDesign& design, const RegressionSettings& settings,
    const campcount::v1::EstimatorRequest& request,
    const campcount::v1::PopulationEstimate& estimate, double leverage);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_REGRESSION_EXPLANATION_H_
