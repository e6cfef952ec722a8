// The camp boundary a user gives as GeoJSON, mapped into a raster's pixels
// and clipped to the image.
#ifndef CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_CAMP_BOUNDARY_H_
#define CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_CAMP_BOUNDARY_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "campcount/v1/geometry.pb.h"
#include "ogr_spatialref.h"
#include "raster_metadata.h"

namespace campcount::plugins {

// The image a boundary is mapped onto.
struct RasterFrame {
  absl::string_view uri;
  const OGRSpatialReference* srs = nullptr;
  GeoTransform transform{};
  int64_t width = 0;
  int64_t height = 0;
};

struct PixelBoundary {
  // One entry per polygon part, outer ring first, then holes; closing
  // vertices are left out (rings close implicitly).
  std::vector<campcount::v1::PixelPolygon> parts;
  // Integer pixel window covering all parts.
  campcount::v1::PixelWindow area_of_interest;
  // Area of the clipped boundary in square pixels.
  double area_px = 0;
};

// Parses `geojson` (a bare Polygon / MultiPolygon, a Feature or a
// FeatureCollection; RFC 7946 lon/lat unless it declares a CRS), checks the
// polygons are valid, merges overlapping parts, transforms them into the
// raster's pixels and clips them to the image. Errors are INVALID_ARGUMENT
// and say what is wrong with the boundary.
absl::StatusOr<PixelBoundary> MapBoundaryToPixels(absl::string_view geojson,
                                                  const RasterFrame& raster);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_CAMP_BOUNDARY_H_
