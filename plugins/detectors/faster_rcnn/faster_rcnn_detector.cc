#include "faster_rcnn_detector.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "campcount/plugin_settings.h"
#include "model_metadata.h"
#include "torchvision_ops.h"

namespace campcount::plugins {

campcount::v1::PluginManifest FasterRcnnDetector::Manifest() {
  campcount::v1::PluginManifest manifest;
  manifest.set_name(kName);
  manifest.set_version(kVersion);
  manifest.set_description(
      "Faster R-CNN (TorchScript, LibTorch) tent detector: runs a model from "
      "a model repository (models/<name>/<version>/model.pt + model.json); "
      "requests may choose model and version, latest by default");
  sdk::AddConfigField(
      manifest.mutable_config(), "model_repository", "string", "",
      "directory of models/<name>/<version>/; empty: the models "
      "directory installed beside the plugins");
  sdk::AddConfigField(manifest.mutable_config(), "default_model", "string",
                      kDefaultModel, "model used when a request names none");
  sdk::AddConfigField(
      manifest.mutable_config(), "intra_op_threads", "int", "0",
      "LibTorch threads per forward call; 0: LibTorch's default (one "
      "per core)");
  sdk::AddConfigField(
      manifest.mutable_config(), "max_batch_tiles", "int", "1",
      "tiles per forward call (batch 1 measured fastest per tile on a "
      "2-core CPU)");
  sdk::AddConfigField(
      manifest.mutable_config(), "torchvision_ops", "string",
      kDefaultTorchvisionOps,
      "torchvision's operator library, needed by models scripted from "
      "torchvision; empty: load none");
  manifest.set_required_bands(3);
  manifest.set_tile_size_px(512);
  manifest.set_max_object_size_m(12);
  // The default model's own facts, so ListPlugins shows what will be used.
  const std::string model_dir =
      (std::filesystem::path(DefaultModelRoot()) / kDefaultModel).string();
  const std::string latest = LatestVersion(model_dir);
  if (!latest.empty()) {
    auto metadata = ReadModelMetadata(
        (std::filesystem::path(model_dir) / latest / kMetadataFileName)
            .string());
    if (metadata.ok()) {
      manifest.set_preferred_gsd_m(metadata->gsd_m());
      manifest.set_tile_size_px(metadata->tile_size_px());
      if (metadata->max_object_size_m() > 0) {
        manifest.set_max_object_size_m(metadata->max_object_size_m());
      }
    }
  }
  return manifest;
}

absl::StatusOr<std::unique_ptr<FasterRcnnDetector>> FasterRcnnDetector::Create(
    const campcount::v1::PluginConfig& config) {
  auto settings = sdk::PluginSettings::Make(Manifest(), config);
  if (!settings.ok()) return settings.status();
  std::string root = settings->GetString("model_repository");
  if (root.empty()) root = DefaultModelRoot();
  const std::string default_model = settings->GetString("default_model");
  auto threads = settings->GetInt("intra_op_threads");
  if (!threads.ok()) return threads.status();
  auto batch = settings->GetInt("max_batch_tiles");
  if (!batch.ok()) return batch.status();
  if (*threads < 0 || *batch < 1) {
    return absl::InvalidArgumentError(
        "faster_rcnn: intra_op_threads must be >= 0 and max_batch_tiles >= 1");
  }
  const absl::Status ops =
      LoadTorchvisionOps(settings->GetString("torchvision_ops"));
  SetTorchThreads(*threads);
  std::unique_ptr<FasterRcnnDetector> detector(
      new FasterRcnnDetector(root, default_model, *batch));
  // The default model must load now: a detector that cannot detect is
  // refused at start-up, with the reason, and the engine serves without it.
  auto model = detector->repository_.Get(default_model, "", true);
  if (!model.ok()) {
    std::string message(model.status().message());
    if (!ops.ok()) absl::StrAppend(&message, " [", ops.message(), "]");
    return absl::Status(model.status().code(), message);
  }
  return detector;
}

absl::StatusOr<campcount::v1::ModelInfo> FasterRcnnDetector::DescribeModel(
    const campcount::v1::DescribeModelRequest& request) {
  auto model = repository_.Get(request.model(), request.version(),
                               /*recheck=*/true);
  if (!model.ok()) return model.status();
  return (*model)->info;
}

absl::StatusOr<campcount::v1::ModelList> FasterRcnnDetector::ListModels() {
  return repository_.List();
}

absl::StatusOr<campcount::v1::DetectResponse> FasterRcnnDetector::Detect(
    const campcount::v1::DetectRequest& request,
    const sdk::CallContext& context) {
  // Held for the whole call: a new version arriving meanwhile changes
  // nothing here.
  auto loaded = repository_.Get(request.model(), request.model_version(),
                                /*recheck=*/false);
  if (!loaded.ok()) return loaded.status();
  const TorchDetectionModel& model = *(*loaded)->model;
  const campcount::v1::ModelMetadata& metadata = model.metadata();
  const float threshold = request.score_threshold();

  campcount::v1::DetectResponse response;
  const int count = request.tiles_size();
  for (int first = 0; first < count; first += max_batch_tiles_) {
    if (context.IsCancelled()) {
      return absl::CancelledError(absl::StrCat("faster_rcnn: cancelled after ",
                                               first, " of ", count, " tiles"));
    }
    const int last = std::min(count, first + max_batch_tiles_);
    std::vector<TileView> views;
    for (int i = first; i < last; ++i) {
      const campcount::v1::Tile& tile = request.tiles(i);
      const int64_t width = tile.window().width();
      const int64_t height = tile.window().height();
      if (width <= 0 || height <= 0 || tile.bands() < 3 ||
          static_cast<int64_t>(tile.pixels().size()) !=
              width * height * tile.bands()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "faster_rcnn: tile ", tile.index(), " has ", tile.pixels().size(),
            " bytes for ", width, " x ", height, " px x ", tile.bands(),
            " band(s) (needs 3 bands, 8-bit, interleaved by pixel)"));
      }
      views.push_back(
          TileView{reinterpret_cast<const uint8_t*>(tile.pixels().data()),
                   static_cast<int>(width), static_cast<int>(height),
                   tile.bands(), tile.gsd_m()});
    }
    auto boxes = model.Detect(views);
    if (!boxes.ok()) return boxes.status();
    for (int i = first; i < last; ++i) {
      const campcount::v1::Tile& tile = request.tiles(i);
      const double gsd = tile.gsd_m() > 0 ? tile.gsd_m() : metadata.gsd_m();
      campcount::v1::TileDetections* out = response.add_tiles();
      out->set_tile_index(tile.index());
      for (const RawDetection& d : (*boxes)[i - first]) {
        if (d.score < threshold || !IsShelterClass(metadata, d.label)) continue;
        campcount::v1::Detection* detection = out->add_detections();
        auto* box = detection->mutable_pixel_box();
        box->set_xmin(d.xmin);
        box->set_ymin(d.ymin);
        box->set_xmax(d.xmax);
        box->set_ymax(d.ymax);
        detection->set_score(d.score);
        detection->set_class_name(ClassName(metadata, d.label));
        // The box, not a footprint: for tents turned against the pixel grid
        // it overstates the area (docs/models.md, limits).
        detection->set_area_m2(double(d.xmax - d.xmin) *
                               double(d.ymax - d.ymin) * gsd * gsd);
        detection->set_kept(true);
      }
    }
  }
  return response;
}

}  // namespace campcount::plugins
