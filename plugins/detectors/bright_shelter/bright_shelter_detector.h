// Detector plugin class: checks tiles and turns bright, tent-shaped blobs
// into campcount detections.
#ifndef CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_BRIGHT_SHELTER_DETECTOR_H_
#define CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_BRIGHT_SHELTER_DETECTOR_H_

#include <memory>

#include "absl/status/statusor.h"
#include "campcount/plugin.h"
#include "scratch_pool.h"
#include "shelter_segmentation.h"

namespace campcount::plugins {

class BrightShelterDetector final : public campcount::sdk::Detector {
 public:
  static constexpr char kName[] = "bright_shelter";
  static constexpr char kVersion[] = "1.0.0";

  static campcount::v1::PluginManifest Manifest();
  static absl::StatusOr<std::unique_ptr<BrightShelterDetector>> Create(
      const campcount::v1::PluginConfig& config);

  explicit BrightShelterDetector(const BrightShelterParams& params)
      : params_(params) {}

  // Thread-safe: the settings are read-only after Create and each call
  // borrows working memory of its own.
  absl::StatusOr<campcount::v1::DetectResponse> Detect(
      const campcount::v1::DetectRequest& request,
      const campcount::sdk::CallContext& context) override;

 private:
  const BrightShelterParams params_;
  ScratchPool<SegmentationScratch> scratch_;
};

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_BRIGHT_SHELTER_DETECTOR_H_
