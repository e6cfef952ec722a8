#include "detector_model.h"

#include "absl/strings/str_cat.h"

namespace campcount::core {

absl::StatusOr<std::optional<campcount::v1::ModelInfo>> ResolveDetectorModel(
    const PluginInstance& detector,
    const campcount::v1::EstimateRequest& request,
    const CancellationToken* cancellation) {
  campcount::v1::DescribeModelRequest describe;
  describe.set_model(request.model());
  describe.set_version(request.model_version());
  campcount::v1::ModelInfo model;
  absl::Status status =
      detector.Call(CC_METHOD_DESCRIBE_MODEL, describe, &model, cancellation);
  if (absl::IsUnimplemented(status)) {
    if (request.model().empty() && request.model_version().empty()) {
      return std::nullopt;
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "detector '", detector.manifest().name(),
        "' runs no models, so model '", request.model(), "' version '",
        request.model_version(), "' cannot be chosen; leave model empty"));
  }
  if (!status.ok()) return status;
  return model;
}

campcount::v1::PluginManifest WithModel(
    campcount::v1::PluginManifest manifest,
    const std::optional<campcount::v1::ModelInfo>& model) {
  if (!model.has_value()) return manifest;
  const campcount::v1::ModelMetadata& metadata = model->metadata();
  if (metadata.gsd_m() > 0) manifest.set_preferred_gsd_m(metadata.gsd_m());
  if (metadata.tile_size_px() > 0) {
    manifest.set_tile_size_px(metadata.tile_size_px());
  }
  if (metadata.max_object_size_m() > 0) {
    manifest.set_max_object_size_m(metadata.max_object_size_m());
  }
  return manifest;
}

std::vector<campcount::v1::ModelInfo> ListDetectorModels(
    const PluginInstance& detector) {
  campcount::v1::ModelList list;
  if (!detector
           .Call(CC_METHOD_LIST_MODELS, campcount::v1::ListModelsRequest(),
                 &list, nullptr)
           .ok()) {
    return {};
  }
  return {list.models().begin(), list.models().end()};
}

}  // namespace campcount::core
