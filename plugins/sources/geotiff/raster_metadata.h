// What campcount needs to know about a raster besides its pixels: how big a
// pixel is on the ground, which EPSG code its CRS has, when it was taken.
#ifndef CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_RASTER_METADATA_H_
#define CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_RASTER_METADATA_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gdal_priv.h"
#include "ogr_spatialref.h"

namespace campcount::plugins {

// GDAL's affine geotransform: x = c0 + px*c1 + py*c2, y = c3 + px*c4 + py*c5.
using GeoTransform = std::array<double, 6>;

// Size of one pixel on the ground.
struct GroundScale {
  // Mean of the pixel's width and height in metres.
  double gsd_m = 0;
  // Area of one pixel in square metres.
  double pixel_area_m2 = 0;
};

// Pixel size in metres. Projected CRSs use their linear unit; for a
// geographic CRS degrees are converted at the image's centre latitude on the
// WGS 84 ellipsoid (good to well under 1 % over a camp-sized image).
absl::StatusOr<GroundScale> GroundScaleOf(const OGRSpatialReference& srs,
                                          const GeoTransform& transform,
                                          int64_t width, int64_t height);

// The CRS's EPSG code, identified if the file does not state it; 0 if none.
int32_t EpsgCodeOf(const OGRSpatialReference& srs);

// The acquisition date as YYYY-MM-DD from the dataset's metadata
// (ACQUISITION_DATE, IMAGERY/ACQUISITIONDATETIME or TIFFTAG_DATETIME);
// empty when none of them holds a date.
std::string AcquisitionDateOf(GDALDataset& dataset);

// "2019-03-14", "2019-03-14T10:00:00Z" or "2019:03:14 10:00:00" ->
// "2019-03-14"; anything that is not a calendar date -> "".
std::string NormalizeDate(absl::string_view text);

// The 1-based bands a tile carries: red, green, blue when the raster labels
// them, else its first three bands that are not alpha, else its first band
// (grey, or grey + alpha). Paletted rasters are refused: their values are
// colour-table indices, not brightness.
absl::StatusOr<std::vector<int>> TileBandsOf(GDALDataset& dataset);

// Map-CRS bounds {xmin, ymin, xmax, ymax} of the whole raster.
std::array<double, 4> MapBoundsOf(const GeoTransform& transform, int64_t width,
                                  int64_t height);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_RASTER_METADATA_H_
