// Which model a detector runs for one request. Detectors with a model
// repository resolve "the latest version" once, when the request starts; the
// engine then pins that version in every DetectRequest, takes the model's GSD
// and tile size for tiling, and names the model (with its hash) in every
// explanation.
#ifndef CAMPCOUNT_ENGINE_CORE_DETECTOR_MODEL_H_
#define CAMPCOUNT_ENGINE_CORE_DETECTOR_MODEL_H_

#include <optional>

#include "absl/status/statusor.h"
#include "campcount/v1/model.pb.h"
#include "campcount/v1/service.pb.h"
#include "cancellation.h"
#include "plugin_library.h"

namespace campcount::core {

// The model the request asks for, resolved by the detector; nullopt when the
// detector runs no models and the request names none. INVALID_ARGUMENT when
// the request names a model but the detector runs none.
absl::StatusOr<std::optional<campcount::v1::ModelInfo>> ResolveDetectorModel(
    const PluginInstance& detector,
    const campcount::v1::EstimateRequest& request,
    const CancellationToken* cancellation);

// The detector's manifest with the model's GSD, tile size and largest object
// in place of the plugin's defaults (where the model states them).
campcount::v1::PluginManifest WithModel(
    campcount::v1::PluginManifest manifest,
    const std::optional<campcount::v1::ModelInfo>& model);

// The models a detector can run now, empty for detectors without models.
std::vector<campcount::v1::ModelInfo> ListDetectorModels(
    const PluginInstance& detector);

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_DETECTOR_MODEL_H_
