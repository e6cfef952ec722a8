// Calibration (issue 5): fit an estimator on every usable census survey of a
// dataset (each matched to the image closest before it) and write the fit as
// a versioned, human-readable artifact into the model repository.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_CALIBRATOR_H_
#define CAMPCOUNT_ENGINE_EVALUATION_CALIBRATOR_H_

#include "absl/status/statusor.h"
#include "campcount/v1/calibration.pb.h"
#include "dataset_job.h"

namespace campcount::evaluation {

absl::StatusOr<campcount::v1::CalibrateResult> Calibrate(
    const DatasetContext& context,
    const campcount::v1::CalibrateRequest& request, const ProgressFn& progress,
    const core::CancellationToken& cancellation);

// Calls the estimator's Fit; UNIMPLEMENTED becomes a sentence saying the
// estimator needs no calibration.
absl::StatusOr<campcount::v1::LinearFit> FitEstimator(
    const core::PluginInstance& estimator,
    const std::vector<campcount::v1::TrainingExample>& examples,
    const core::CancellationToken& cancellation);

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_CALIBRATOR_H_
