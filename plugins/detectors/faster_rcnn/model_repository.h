// A directory of models, models/<name>/<version>/{model.pt, model.json},
// in the layout of other model servers: versions are positive integers and
// the highest is "latest". The directory is read again whenever a request
// asks for the latest version, so a version copied in is used from the next
// request on, without a restart. Loaded models are shared: a request that
// holds one keeps it, whatever arrives in the directory meanwhile.
#ifndef CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_MODEL_REPOSITORY_H_
#define CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_MODEL_REPOSITORY_H_

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "campcount/v1/model.pb.h"
#include "torch_detection_model.h"

namespace campcount::plugins {

struct LoadedModel {
  campcount::v1::ModelInfo info;
  std::shared_ptr<const TorchDetectionModel> model;
};

class ModelRepository {
 public:
  ModelRepository(std::string root, std::string default_model)
      : root_(std::move(root)), default_model_(std::move(default_model)) {}

  // The model `name` (empty: the default model) at `version` (empty: the
  // latest one now in the directory), loaded and warmed up on first use.
  // A version already loaded is served from memory unless its files changed
  // on disk and `recheck` is set.
  absl::StatusOr<std::shared_ptr<const LoadedModel>> Get(
      const std::string& name, const std::string& version, bool recheck);

  // Every version in the directory with its metadata and hash (without
  // loading them), and those whose metadata is unusable, with the reason.
  campcount::v1::ModelList List();

  const std::string& root() const { return root_; }
  const std::string& default_model() const { return default_model_; }

 private:
  struct Entry {
    std::shared_ptr<const LoadedModel> loaded;
    std::string signature;  // sizes and times of the two files
  };

  absl::StatusOr<std::string> ResolveVersion(const std::string& name,
                                             const std::string& version) const;
  // Metadata and hash of one version directory, without loading the model.
  absl::StatusOr<campcount::v1::ModelInfo> Describe(const std::string& name,
                                                    const std::string& version);

  std::string root_;
  std::string default_model_;
  std::mutex mutex_;
  std::map<std::string, Entry> loaded_;  // key: name/version
  // Serialises loading, so two requests do not load one model twice.
  std::mutex load_mutex_;
  // Hashes by file signature, so listing does not re-read unchanged files.
  std::map<std::string, std::pair<std::string, std::string>> hashes_;
};

// The highest version directory of `model_dir`, empty when it has none.
std::string LatestVersion(const std::string& model_dir);

// Models directory beside the plugin file: <dir of the .so>/../models (the
// build tree's lib/campcount/models, or the installed one).
std::string DefaultModelRoot();

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_MODEL_REPOSITORY_H_
