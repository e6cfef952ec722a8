// A source that reads any raster GDAL can open: local GeoTIFFs, COGs over
// /vsicurl/, JPEG2000, rasters inside /vsizip/ archives, ...
#ifndef CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_GEOTIFF_SOURCE_H_
#define CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_GEOTIFF_SOURCE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "campcount/plugin.h"
#include "contrast_stretch.h"
#include "gdal_priv.h"
#include "passed_block_rows.h"
#include "preprocess_options.h"
#include "resampled_grid.h"

namespace campcount::plugins {

class GeotiffSource final : public campcount::sdk::Source {
 public:
  static constexpr char kName[] = "geotiff";
  static constexpr char kVersion[] = "1.1.0";

  static campcount::v1::PluginManifest Manifest();
  static absl::StatusOr<std::unique_ptr<GeotiffSource>> Create(
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
  // One open raster. A GDAL dataset must not be read from two threads at
  // once, so each has its own lock; different scenes read in parallel.
  struct OpenRaster {
    std::mutex mutex;
    GDALDatasetUniquePtr dataset;
    // The resampled grid over `dataset` (declared after it, so closed
    // first); null when tiles come in the image's own grid.
    GDALDatasetUniquePtr warped;
    // What tiles are read from: `warped` or `dataset`.
    GDALDataset* pixels = nullptr;
    std::string uri;
    // 1-based band numbers of `pixels` delivered in a tile, in RGB order.
    std::vector<int> band_map;
    // Pixels the mask band of `pixels` marks invalid come out as 0.
    bool masked = false;
    // Per-band stretch; empty: values clamped to 0-255 as they are.
    std::vector<BandStretch> stretch;
    int64_t width = 0;
    int64_t height = 0;
    double gsd_m = 0;
    // Blocks of `pixels` that tiles have moved past leave GDAL's cache; when
    // resampling, so do the rows of `dataset` the warp has moved past.
    PassedBlockRows passed_block_rows;
    PassedBlockRows passed_source_rows;
    // Set when resampling: which source rows the grid's rows come from.
    std::optional<SourceRowMap> source_rows;
  };

  explicit GeotiffSource(PreprocessOptions defaults)
      : defaults_(std::move(defaults)) {}
  absl::StatusOr<std::shared_ptr<OpenRaster>> Find(uint64_t handle) const;

  const PreprocessOptions defaults_;
  std::atomic<uint64_t> next_handle_{1};
  mutable std::mutex mutex_;
  // shared_ptr so a read in progress keeps its dataset alive through a
  // concurrent CloseScene.
  std::unordered_map<uint64_t, std::shared_ptr<OpenRaster>> scenes_;
};

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_GEOTIFF_SOURCE_H_
