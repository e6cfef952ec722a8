// One TorchScript detection model, loaded, checked and ready to run. The only
// header of the plugin that stands in front of LibTorch: its implementation
// (torch_detection_model.cc) is the one translation unit that includes torch.
#ifndef CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_TORCH_DETECTION_MODEL_H_
#define CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_TORCH_DETECTION_MODEL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "campcount/v1/model.pb.h"

namespace campcount::plugins {

// A tile's pixels as the model sees them: 8-bit, band-interleaved by pixel.
struct TileView {
  const uint8_t* pixels = nullptr;
  int width = 0;
  int height = 0;
  int bands = 0;
  // Metres per pixel of these pixels; the model resamples when it differs
  // from the GSD it was trained at. 0: already at the model's GSD.
  double gsd_m = 0;
};

// A box in the tile's own pixel coordinates.
struct RawDetection {
  float xmin = 0, ymin = 0, xmax = 0, ymax = 0;
  float score = 0;
  int label = 0;
};

class TorchDetectionModel {
 public:
  // Loads `model_path` (TorchScript) and runs one warm-up tile through it,
  // checking the outputs' shape. Refuses, naming the file: an unloadable
  // file, a missing operator, outputs that are not detections, a model that
  // fails on the warm-up tile.
  static absl::StatusOr<std::shared_ptr<const TorchDetectionModel>> Load(
      const std::string& model_path, campcount::v1::ModelMetadata metadata);

  ~TorchDetectionModel();

  // Runs the tiles in one forward call; one list of boxes per tile, in
  // order. Safe to call from several threads at once.
  absl::StatusOr<std::vector<std::vector<RawDetection>>> Detect(
      const std::vector<TileView>& tiles) const;

  const campcount::v1::ModelMetadata& metadata() const { return metadata_; }

 private:
  struct Impl;
  TorchDetectionModel(std::unique_ptr<Impl> impl,
                      campcount::v1::ModelMetadata metadata);

  std::unique_ptr<Impl> impl_;
  campcount::v1::ModelMetadata metadata_;
  std::string path_;
};

// Sets LibTorch's intra-op thread count for the process (0: leave it).
void SetTorchThreads(int threads);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_TORCH_DETECTION_MODEL_H_
