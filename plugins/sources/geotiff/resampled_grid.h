// Resampling to the GSD a detector works at: a GDAL warped VRT over the
// source raster, so pixels are warped lazily, block by block, when a tile
// asks for them, and memory does not grow with the image.
#ifndef CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_RESAMPLED_GRID_H_
#define CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_RESAMPLED_GRID_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gdal_priv.h"
#include "gdalwarper.h"
#include "ogr_spatialref.h"
#include "raster_metadata.h"

namespace campcount::plugins {

// Finer than this many times the image's own GSD is not resampling but
// invention (and a 20,000 px image would become millions of pixels wide).
inline constexpr double kMaxUpsampling = 20;

// Which source rows the grid's rows are warped from: the warp's own
// transform, grid pixel to source pixel (a GDAL GenImgProj transformer), and
// how far around a source pixel the resampling kernel reaches, in source
// pixels.
struct SourceRowMap {
  std::shared_ptr<void> grid_to_source;
  int64_t grid_width = 0;
  double kernel_reach_px = 0;
};

struct ResampledGrid {
  // The warped VRT; its bands 1..n are the source's tile bands in order,
  // band n + 1 is an alpha band when the source has nodata, alpha or a mask.
  GDALDatasetUniquePtr dataset;
  OGRSpatialReference srs;
  GeoTransform transform{};
  int64_t width = 0;
  int64_t height = 0;
  bool has_alpha = false;
  SourceRowMap source_rows;
};

// The topmost source row that grid rows at or below `grid_y` can still need:
// the grid row's top edge mapped into the source, less the kernel's reach.
// Tiles read row by row never need source rows above it again. 0 when the
// transform fails (nothing is then dropped).
int64_t FirstSourceRowStillNeeded(const SourceRowMap& map, int64_t grid_y);

// A north-up grid covering the whole source at `target_gsd_m` metres per
// pixel: in the source's CRS when it is projected, else in the UTM zone of
// the image centre (degrees are not metres). Source nodata and alpha become
// the grid's alpha band. `source` must outlive the grid.
// INVALID_ARGUMENT when the target is more than kMaxUpsampling times finer
// than `native_gsd_m` or the grid would exceed GDAL's int sizes.
absl::StatusOr<ResampledGrid> MakeResampledGrid(
    GDALDataset& source, const OGRSpatialReference& source_srs,
    const std::vector<int>& source_bands, double native_gsd_m,
    double target_gsd_m, GDALResampleAlg resampling, absl::string_view uri);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_RESAMPLED_GRID_H_
