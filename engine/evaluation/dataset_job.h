// What calibration and comparison share: the dataset read, its census read
// through the census source, the surveys matched to images, and features for
// every image a job needs (detected once, from the shared cache).
#ifndef CAMPCOUNT_ENGINE_EVALUATION_DATASET_JOB_H_
#define CAMPCOUNT_ENGINE_EVALUATION_DATASET_JOB_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "campcount/v1/calibration.pb.h"
#include "campcount/v1/census.pb.h"
#include "campcount/v1/dataset.pb.h"
#include "campcount/v1/model.pb.h"
#include "cancellation.h"
#include "image_features.h"
#include "plugin_library.h"
#include "plugin_registry.h"
#include "survey_cases.h"

namespace campcount::evaluation {

using ProgressFn = std::function<void(campcount::v1::DatasetProgress)>;

struct DatasetContext {
  const core::PluginRegistry* registry = nullptr;
  ImageFeatures* features = nullptr;
  std::string default_detector;
  float default_score_threshold = 0.5f;
  std::string model_repository;
};

struct LoadedDataset {
  campcount::v1::Dataset dataset;
  campcount::v1::ReadCensusResponse census;
  SurveyCases surveys;
};

absl::StatusOr<LoadedDataset> LoadDataset(
    const DatasetContext& context, const std::string& path, bool include_stale,
    const std::vector<std::string>& camps,
    const core::CancellationToken& cancellation);

// A detector as a dataset job runs it: the plugin and, for detectors with a
// model repository, the model version resolved once when the job starts,
// so every image of the job runs on the same version.
struct JobDetector {
  std::string name;
  std::shared_ptr<const core::PluginInstance> plugin;
  std::optional<campcount::v1::ModelInfo> model;
};

// `name` (empty: the context's default detector) and its current default
// model; NOT_FOUND for an unknown detector.
absl::StatusOr<JobDetector> ResolveJobDetector(
    const DatasetContext& context, const std::string& name,
    const core::CancellationToken& cancellation);

// One training example per survey case (features of its image with the
// survey date as target), detecting images not yet in the cache.
absl::StatusOr<std::vector<campcount::v1::TrainingExample>> ExamplesFor(
    const DatasetContext& context, const SurveyCases& surveys,
    const JobDetector& detector, float score_threshold,
    const ProgressFn& progress, const core::CancellationToken& cancellation);

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_DATASET_JOB_H_
