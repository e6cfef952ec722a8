// Which image an estimate reads and how the source should pre-process it:
// the request's image_uri, or the image a dataset manifest holds for the
// camp closest before the target date; the GSD the detector asks for unless
// the request overrides it; margin and contrast stretch when the request
// sets them (else the source's configured defaults).
#ifndef CAMPCOUNT_ENGINE_CORE_SCENE_REQUEST_H_
#define CAMPCOUNT_ENGINE_CORE_SCENE_REQUEST_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "campcount/v1/dataset.pb.h"
#include "campcount/v1/plugin.pb.h"
#include "campcount/v1/service.pb.h"
#include "campcount/v1/source.pb.h"

namespace campcount::core {

struct SceneChoice {
  campcount::v1::OpenSceneRequest open;
  // Set when the image was selected from a dataset manifest.
  std::optional<campcount::v1::ImageSelection> selection;
  // The camp's latest image dated before the selected one, if any: the
  // engine detects on it too, so estimators see the camp's trend.
  std::optional<campcount::v1::DatasetImage> previous_image;
};

// The image of `camp` with the latest date before `image`'s; nullopt when
// there is none (or dates are missing).
std::optional<campcount::v1::DatasetImage> PreviousImage(
    const campcount::v1::DatasetCamp& camp,
    const campcount::v1::DatasetImage& image);

// INVALID_ARGUMENT naming the EstimateRequest field: image_uri and dataset
// both or neither given; dataset without camp_id or target_date; a
// target_gsd_m <= 0; a margin_m < 0; stretch_clip_percent outside [0, 50).
absl::Status ValidateSceneFields(const campcount::v1::EstimateRequest& request);

// Builds the source's OpenSceneRequest. With `dataset` set it reads the
// manifest (NOT_FOUND / INVALID_ARGUMENT naming file and field), picks the
// image and, unless the request gives a boundary, reads the camp's.
absl::StatusOr<SceneChoice> ChooseScene(
    const campcount::v1::EstimateRequest& request,
    const campcount::v1::PluginManifest& detector);

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_SCENE_REQUEST_H_
