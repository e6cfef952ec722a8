// How far estimates are from census counts: MAE, MAPE, RMSE, bias, interval
// coverage and width; and a paired comparison of two pipelines camp by camp.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_ERROR_METRICS_H_
#define CAMPCOUNT_ENGINE_EVALUATION_ERROR_METRICS_H_

#include <map>
#include <string>
#include <vector>

#include "campcount/v1/comparison.pb.h"

namespace campcount::evaluation {

campcount::v1::ErrorMetrics Metrics(
    const std::vector<const campcount::v1::ComparisonPoint*>& points,
    double interval_level);

// Per-camp MAE of a and of b over the camps both have; wins, mean paired
// difference (a - b) and its t confidence interval at `level`.
campcount::v1::PairedComparison Paired(
    const std::string& a, const std::map<std::string, double>& camp_mae_a,
    const std::string& b, const std::map<std::string, double>& camp_mae_b,
    double level);

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_ERROR_METRICS_H_
