// A source that renders synthetic camps on demand: the scenes
// `campcount synth` writes as GeoTIFFs, without the files. Tiles are drawn
// when the engine reads them, so any camp at any date costs only its plan
// in memory. URI scheme: synthetic_uri.h.
#ifndef CAMPCOUNT_PLUGINS_SOURCES_SYNTHETIC_SYNTHETIC_SOURCE_H_
#define CAMPCOUNT_PLUGINS_SOURCES_SYNTHETIC_SYNTHETIC_SOURCE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "campcount/plugin.h"

namespace campcount::plugins {

class SyntheticSource final : public campcount::sdk::Source {
 public:
  static constexpr char kName[] = "synthetic";
  static constexpr char kVersion[] = "1.0.0";

  static campcount::v1::PluginManifest Manifest();
  static absl::StatusOr<std::unique_ptr<SyntheticSource>> Create(
      const campcount::v1::PluginConfig& config);

  absl::StatusOr<campcount::v1::Scene> OpenScene(
      const campcount::v1::OpenSceneRequest& request,
      const campcount::sdk::CallContext& context) override;
  absl::StatusOr<campcount::v1::Tile> ReadTile(
      const campcount::v1::ReadTileRequest& request,
      const campcount::sdk::CallContext& context) override;
  absl::Status CloseScene(
      const campcount::v1::CloseSceneRequest& request) override;

 private:
  struct OpenCamp;

  SyntheticSource() = default;
  absl::StatusOr<std::shared_ptr<const OpenCamp>> Find(uint64_t handle) const;

  std::atomic<uint64_t> next_handle_{1};
  mutable std::mutex mutex_;
  // Rendering only reads the plan, so tiles of one scene render in
  // parallel; shared_ptr keeps a scene alive through a concurrent close.
  std::unordered_map<uint64_t, std::shared_ptr<const OpenCamp>> scenes_;
};

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_SOURCES_SYNTHETIC_SYNTHETIC_SOURCE_H_
