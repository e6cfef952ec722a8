// The comparison's files: comparison.csv (one row per survey and pipeline),
// comparison_summary.csv (overall, far/near gap and per-camp metrics) and
// comparison.png (estimate vs census with intervals, one colour per
// pipeline). Sets the result's csv_path and plot_path.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_COMPARISON_REPORT_H_
#define CAMPCOUNT_ENGINE_EVALUATION_COMPARISON_REPORT_H_

#include <string>

#include "absl/status/status.h"
#include "campcount/v1/comparison.pb.h"

namespace campcount::evaluation {

absl::Status WriteComparisonReport(const std::string& directory,
                                   campcount::v1::CompareResult* result);

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_COMPARISON_REPORT_H_
