#include "calibrator.h"

#include <boost/filesystem/path.hpp>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "calibration_store.h"
#include "file_hash.h"
#include "status_macros.h"

namespace campcount::evaluation {

absl::StatusOr<campcount::v1::LinearFit> FitEstimator(
    const core::PluginInstance& estimator,
    const std::vector<campcount::v1::TrainingExample>& examples,
    const core::CancellationToken& cancellation) {
  campcount::v1::FitRequest request;
  for (const auto& e : examples) *request.add_examples() = e;
  campcount::v1::FitResponse response;
  absl::Status status =
      estimator.Call(CC_METHOD_FIT, request, &response, &cancellation);
  if (status.code() == absl::StatusCode::kUnimplemented) {
    return absl::FailedPreconditionError(absl::StrCat(
        "estimator ", estimator.manifest().name(),
        " is not fitted on census counts, so there is nothing to calibrate (",
        status.message(), ")"));
  }
  CC_RETURN_IF_ERROR(status);
  return response.fit();
}

absl::StatusOr<campcount::v1::CalibrateResult> Calibrate(
    const DatasetContext& context,
    const campcount::v1::CalibrateRequest& request, const ProgressFn& progress,
    const core::CancellationToken& cancellation) {
  const auto started = std::chrono::steady_clock::now();
  if (request.estimator().empty()) {
    return absl::InvalidArgumentError(
        "estimator is empty: name the estimator "
        "to calibrate (e.g. area_linear)");
  }
  CC_ASSIGN_OR_RETURN(auto estimator, context.registry->Find(
                                          campcount::v1::PLUGIN_KIND_ESTIMATOR,
                                          request.estimator()));
  CC_ASSIGN_OR_RETURN(
      const JobDetector detector,
      ResolveJobDetector(context, request.detector(), cancellation));
  const float threshold = request.has_score_threshold()
                              ? request.score_threshold()
                              : context.default_score_threshold;
  CC_ASSIGN_OR_RETURN(
      LoadedDataset loaded,
      LoadDataset(context, request.dataset(), request.include_stale_surveys(),
                  {request.camps().begin(), request.camps().end()},
                  cancellation));
  const int64_t detections_before = context.features->detections_run();
  CC_ASSIGN_OR_RETURN(auto examples,
                      ExamplesFor(context, loaded.surveys, detector, threshold,
                                  progress, cancellation));
  if (progress) {
    campcount::v1::DatasetProgress p;
    p.set_stage(absl::StrCat("fitting ", request.estimator(), " on ",
                             examples.size(), " surveys"));
    p.set_done(0);
    p.set_total(1);
    progress(p);
  }
  CC_ASSIGN_OR_RETURN(campcount::v1::LinearFit fit,
                      FitEstimator(*estimator, examples, cancellation));

  campcount::v1::CalibrationArtifact artifact;
  artifact.set_format("campcount-calibration/1");
  artifact.set_estimator(request.estimator());
  artifact.set_estimator_version(estimator->manifest().version());
  artifact.set_created(
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone()));
  *artifact.mutable_fit() = fit;
  artifact.set_dataset(loaded.dataset.manifest_path());
  auto dataset_sha = core::Sha256OfFile(loaded.dataset.manifest_path());
  if (dataset_sha.ok()) artifact.set_dataset_sha256(*dataset_sha);
  artifact.set_census_sha256(loaded.census.sha256());
  artifact.set_detector(detector.name);
  artifact.set_detector_version(detector.plugin->manifest().version());
  artifact.set_detector_sha256(detector.plugin->info().sha256());
  if (detector.model) {
    artifact.set_detector_model(
        absl::StrCat(detector.model->name(), "/", detector.model->version()));
    artifact.set_detector_model_sha256(detector.model->sha256());
  }
  artifact.set_score_threshold(threshold);
  artifact.set_surveys_used(static_cast<int64_t>(examples.size()));
  artifact.set_surveys_excluded_stale(loaded.surveys.excluded_stale);
  artifact.set_surveys_without_image(loaded.surveys.without_image);

  const core::CalibrationStore store(context.model_repository);
  CC_ASSIGN_OR_RETURN(std::string path, store.Write(artifact));
  // Read back the version just written (not "latest": another fit may
  // have landed since), so the result carries its hash.
  CC_ASSIGN_OR_RETURN(
      campcount::v1::CalibrationArtifact written,
      store.Load(
          request.estimator(),
          boost::filesystem::path(path).parent_path().filename().string()));
  campcount::v1::CalibrateResult result;
  *result.mutable_artifact() = written;
  result.set_path(path);
  for (const std::string& note : loaded.surveys.notes) result.add_notes(note);
  result.set_images_detected(context.features->detections_run() -
                             detections_before);
  result.set_seconds(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count());
  return result;
}

}  // namespace campcount::evaluation
