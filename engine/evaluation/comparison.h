// A/B comparison (issue 5): two or more DETECTOR:ESTIMATOR pipelines judged
// on the same census surveys. Fitted estimators are judged by
// leave-one-camp-out cross-validation: each camp is estimated by a fit on
// all the other camps, so a camp's own census never enters its own fit.
// Census-only estimators (census_trend) see only the camp's surveys before
// the one being judged.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_COMPARISON_H_
#define CAMPCOUNT_ENGINE_EVALUATION_COMPARISON_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "campcount/v1/comparison.pb.h"
#include "dataset_job.h"

namespace campcount::evaluation {

absl::StatusOr<campcount::v1::CompareResult> Compare(
    const DatasetContext& context, const campcount::v1::CompareRequest& request,
    const ProgressFn& progress, const core::CancellationToken& cancellation);

// The estimator calls of one pipeline, separated from plugins so the
// leave-one-camp-out logic can be tested on its own.
struct EstimatorCalls {
  // Fits on `training`; UNIMPLEMENTED when the estimator is not fitted.
  std::function<absl::StatusOr<campcount::v1::LinearFit>(
      const std::vector<campcount::v1::TrainingExample>& training)>
      fit;
  std::function<absl::StatusOr<campcount::v1::PopulationEstimate>(
      const campcount::v1::EstimatorRequest& request)>
      estimate;
};

// Points for every example: fitted estimators leave the example's camp out
// of the fit; `census` gives each camp's surveys (only those before the
// judged survey are passed on). A survey the estimator cannot answer
// (FAILED_PRECONDITION, e.g. census_trend with no earlier survey) is
// counted in `unanswered` and skipped.
absl::StatusOr<std::vector<campcount::v1::ComparisonPoint>> LeaveOneCampOut(
    const std::string& pipeline, const std::string& estimator,
    const std::vector<campcount::v1::TrainingExample>& examples,
    const campcount::v1::ReadCensusResponse& census,
    const EstimatorCalls& calls, double* interval_level, int64_t* fits,
    int64_t* unanswered);

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_COMPARISON_H_
