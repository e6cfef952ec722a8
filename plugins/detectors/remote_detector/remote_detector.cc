#include "remote_detector.h"

#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "remote_call.h"
#include "remote_connection.h"

namespace campcount::plugins {
namespace {

std::string What(const remote::RemoteOptions& options) {
  return absl::StrCat(RemoteDetector::kName, ": Detect on ", options.address);
}

bool Finite(double value) { return std::isfinite(value); }

}  // namespace

campcount::v1::PluginManifest RemoteDetector::Manifest() {
  campcount::v1::PluginManifest manifest;
  manifest.set_name(kName);
  manifest.set_version(kVersion);
  manifest.set_description(
      "Sends tiles to a campcount.v1.Detector gRPC service at `address` (any "
      "language; see docs/integration.md) and checks its answer. Deadline per "
      "attempt, retries with exponential backoff while the remote is "
      "unavailable, optional TLS. Tiles are RGB, 512 px with the engine's "
      "default overlap.");
  manifest.set_required_bands(3);
  manifest.set_tile_size_px(512);
  manifest.set_max_object_size_m(12);
  *manifest.mutable_config() = remote::RemoteConfigFields("Detector");
  return manifest;
}

absl::StatusOr<std::unique_ptr<RemoteDetector>> RemoteDetector::Create(
    const campcount::v1::PluginConfig& config) {
  auto connection = remote::ConnectRemote(Manifest(), config, "Detector");
  if (!connection.ok()) return connection.status();
  return std::make_unique<RemoteDetector>(std::move(connection->options),
                                          std::move(connection->manifest),
                                          std::move(connection->channel));
}

absl::StatusOr<campcount::v1::DetectResponse> RemoteDetector::Detect(
    const campcount::v1::DetectRequest& request,
    const campcount::sdk::CallContext& context) {
  if (channel_ == nullptr) {
    return remote::NoAddressError(kName);
  }
  campcount::v1::DetectResponse response;
  const std::string what = What(options_);
  absl::Status status =
      remote::CallRemote(channel_, "/campcount.v1.Detector/Detect", request,
                         &response, options_, what, context);
  if (!status.ok()) return status;
  return CheckRemoteDetections(request, std::move(response), what);
}

absl::StatusOr<campcount::v1::DetectResponse> CheckRemoteDetections(
    const campcount::v1::DetectRequest& request,
    campcount::v1::DetectResponse response, const std::string& what) {
  std::map<int64_t, const campcount::v1::Tile*> tiles;
  for (const campcount::v1::Tile& tile : request.tiles()) {
    tiles[tile.index()] = &tile;
  }
  auto garbage = [&](int64_t tile, int detection, const std::string& why) {
    return absl::InternalError(absl::StrCat(
        what, ": remote answered garbage: tile ", tile,
        detection < 0 ? std::string() : absl::StrCat(", detection ", detection),
        ": ", why));
  };
  campcount::v1::DetectResponse checked;
  for (campcount::v1::TileDetections& answer : *response.mutable_tiles()) {
    auto it = tiles.find(answer.tile_index());
    if (it == tiles.end()) {
      return garbage(answer.tile_index(), -1, "no such tile was sent");
    }
    const campcount::v1::Tile& tile = *it->second;
    const double width = double(tile.window().width());
    const double height = double(tile.window().height());
    campcount::v1::TileDetections* out = checked.add_tiles();
    out->set_tile_index(answer.tile_index());
    for (int i = 0; i < answer.detections_size(); ++i) {
      campcount::v1::Detection& d = *answer.mutable_detections(i);
      const auto& box = d.pixel_box();
      if (!d.has_pixel_box() || !Finite(box.xmin()) || !Finite(box.ymin()) ||
          !Finite(box.xmax()) || !Finite(box.ymax())) {
        return garbage(answer.tile_index(), i, "box missing or not finite");
      }
      if (!(box.xmin() < box.xmax() && box.ymin() < box.ymax())) {
        return garbage(answer.tile_index(), i,
                       absl::StrCat("box [", box.xmin(), ", ", box.ymin(), ", ",
                                    box.xmax(), ", ", box.ymax(),
                                    "] is empty or inverted"));
      }
      if (box.xmin() < 0 || box.ymin() < 0 || box.xmax() > width ||
          box.ymax() > height) {
        return garbage(
            answer.tile_index(), i,
            absl::StrCat("box [", box.xmin(), ", ", box.ymin(), ", ",
                         box.xmax(), ", ", box.ymax(), "] lies outside the ",
                         width, " x ", height, " tile"));
      }
      if (!(d.score() >= 0 && d.score() <= 1)) {
        return garbage(answer.tile_index(), i,
                       absl::StrCat("score ", d.score(), " is not in [0, 1]"));
      }
      if (!(Finite(d.area_m2()) && d.area_m2() >= 0)) {
        return garbage(answer.tile_index(), i,
                       absl::StrCat("area_m2 ", d.area_m2(),
                                    " is not a finite, non-negative number"));
      }
      if (d.score() < request.score_threshold()) continue;
      if (d.area_m2() == 0) {
        d.set_area_m2((box.xmax() - box.xmin()) * (box.ymax() - box.ymin()) *
                      tile.gsd_m() * tile.gsd_m());
      }
      if (d.class_name().empty()) d.set_class_name("tent");
      d.set_kept(true);
      *out->add_detections() = std::move(d);
    }
  }
  return checked;
}

}  // namespace campcount::plugins
