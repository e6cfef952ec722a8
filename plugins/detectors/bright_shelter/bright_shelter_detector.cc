#include "bright_shelter_detector.h"

#include <cmath>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "bright_shelter_settings.h"

namespace campcount::plugins {
namespace {

// Far beyond any tile size; keeps width * height * 3 from overflowing.
constexpr int64_t kMaxTileEdge = 1 << 15;

absl::Status CheckTile(const campcount::v1::Tile& tile) {
  const int64_t width = tile.window().width();
  const int64_t height = tile.window().height();
  if (width <= 0 || height <= 0 || width > kMaxTileEdge ||
      height > kMaxTileEdge) {
    return absl::InvalidArgumentError(absl::StrCat(
        "bright_shelter: tile ", tile.index(), " is ", width, " x ", height,
        " pixels; each side must be 1 to ", kMaxTileEdge));
  }
  if (tile.bands() != 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("bright_shelter: tile ", tile.index(), " has ",
                     tile.bands(), " band(s); this detector needs 3 (RGB)"));
  }
  const int64_t expected = width * height * 3;
  if (int64_t(tile.pixels().size()) != expected) {
    return absl::InvalidArgumentError(
        absl::StrCat("bright_shelter: tile ", tile.index(), " has ",
                     tile.pixels().size(), " bytes of pixels; a ", width, " x ",
                     height, " RGB tile has ", expected));
  }
  if (!(tile.gsd_m() > 0) || !std::isfinite(tile.gsd_m())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "bright_shelter: tile ", tile.index(), " has gsd_m ", tile.gsd_m(),
        "; the detector needs the ground sample distance to measure "
        "shelters"));
  }
  return absl::OkStatus();
}

}  // namespace

campcount::v1::PluginManifest BrightShelterDetector::Manifest() {
  campcount::v1::PluginManifest manifest;
  manifest.set_name(kName);
  manifest.set_version(kVersion);
  manifest.set_description(
      "Classical baseline, no training: finds light-coloured tents on darker "
      "ground (per-tile contrast stretch, brightness above the local ground, "
      "Otsu threshold with a floor, morphological opening, tests on size and "
      "rectangularity). Score = rectangularity x min(1, contrast / 0.4), "
      "contrast being how much brighter the blob is than the ground around "
      "it. Misses dark or tree-covered shelters; shelters touching each "
      "other count once.");
  manifest.set_required_bands(3);
  manifest.set_tile_size_px(512);
  manifest.set_max_object_size_m(12);
  manifest.set_preferred_gsd_m(0);  // Works at the image's own resolution.
  *manifest.mutable_config() = BrightShelterConfigFields();
  return manifest;
}

absl::StatusOr<std::unique_ptr<BrightShelterDetector>>
BrightShelterDetector::Create(const campcount::v1::PluginConfig& config) {
  absl::StatusOr<BrightShelterParams> params =
      ParseBrightShelterSettings(Manifest(), config);
  if (!params.ok()) return params.status();
  return std::make_unique<BrightShelterDetector>(*params);
}

absl::StatusOr<campcount::v1::DetectResponse> BrightShelterDetector::Detect(
    const campcount::v1::DetectRequest& request,
    const campcount::sdk::CallContext& context) {
  // Check every tile first, so a bad batch fails before any work is done.
  for (const campcount::v1::Tile& tile : request.tiles()) {
    absl::Status status = CheckTile(tile);
    if (!status.ok()) return status;
  }
  campcount::v1::DetectResponse response;
  ScratchPool<SegmentationScratch>::Lease scratch = scratch_.Borrow();
  for (const campcount::v1::Tile& tile : request.tiles()) {
    if (context.IsCancelled()) {
      return absl::CancelledError(
          absl::StrCat("bright_shelter: cancelled before tile ", tile.index()));
    }
    const std::vector<ShelterCandidate> shelters = FindBrightShelters(
        reinterpret_cast<const uint8_t*>(tile.pixels().data()),
        int(tile.window().width()), int(tile.window().height()), tile.gsd_m(),
        params_, *scratch);
    campcount::v1::TileDetections* out = response.add_tiles();
    out->set_tile_index(tile.index());
    for (const ShelterCandidate& shelter : shelters) {
      if (shelter.score < request.score_threshold()) continue;
      campcount::v1::Detection* detection = out->add_detections();
      detection->mutable_pixel_box()->set_xmin(shelter.xmin);
      detection->mutable_pixel_box()->set_ymin(shelter.ymin);
      detection->mutable_pixel_box()->set_xmax(shelter.xmax);
      detection->mutable_pixel_box()->set_ymax(shelter.ymax);
      detection->set_score(float(shelter.score));
      detection->set_class_name("tent");
      detection->set_area_m2(shelter.area_m2);
      detection->set_kept(true);
    }
  }
  return response;
}

}  // namespace campcount::plugins
