// The faster_rcnn detector: runs a TorchScript detection model (a
// torchvision Faster R-CNN, ours or a partner's) from a model repository on
// batches of tiles. See docs/models.md.
#ifndef CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_FASTER_RCNN_DETECTOR_H_
#define CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_FASTER_RCNN_DETECTOR_H_

#include <memory>

#include "absl/status/statusor.h"
#include "campcount/plugin.h"
#include "model_repository.h"

namespace campcount::plugins {

class FasterRcnnDetector : public sdk::Detector {
 public:
  static constexpr char kName[] = "faster_rcnn";
  static constexpr char kVersion[] = "1.0.0";
  static constexpr char kDefaultModel[] = "tent_frcnn";

  // Tile size, GSD and largest object come from the default model's
  // metadata in the default repository, when it is there.
  static campcount::v1::PluginManifest Manifest();
  // Loads torchvision's operators and the default model (latest version)
  // with a warm-up tile; refuses with the reason when any of it fails.
  static absl::StatusOr<std::unique_ptr<FasterRcnnDetector>> Create(
      const campcount::v1::PluginConfig& config);

  absl::StatusOr<campcount::v1::DetectResponse> Detect(
      const campcount::v1::DetectRequest& request,
      const sdk::CallContext& context) override;
  absl::StatusOr<campcount::v1::ModelInfo> DescribeModel(
      const campcount::v1::DescribeModelRequest& request) override;
  absl::StatusOr<campcount::v1::ModelList> ListModels() override;

 private:
  FasterRcnnDetector(std::string root, std::string default_model,
                     int max_batch_tiles)
      : repository_(std::move(root), std::move(default_model)),
        max_batch_tiles_(max_batch_tiles) {}

  ModelRepository repository_;
  int max_batch_tiles_;
};

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_FASTER_RCNN_DETECTOR_H_
