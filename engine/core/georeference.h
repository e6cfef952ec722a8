// Pixel-to-map conversion and date arithmetic used by the pipeline.
#ifndef CAMPCOUNT_ENGINE_CORE_GEOREFERENCE_H_
#define CAMPCOUNT_ENGINE_CORE_GEOREFERENCE_H_

#include <optional>
#include <string>

#include "box.h"
#include "campcount/v1/geometry.pb.h"

namespace campcount::core {

// The map-CRS bounding box of a pixel box under GDAL's affine geotransform
// (all four corners, so rotated rasters are handled).
campcount::v1::MapBox ToMapBox(const campcount::v1::GeoTransform& transform,
                               const Box& box);

// Days from `from` to `to` (ISO YYYY-MM-DD); nullopt if either is not a date.
std::optional<int> DaysBetween(const std::string& from, const std::string& to);

// True for an empty string or a real calendar date in YYYY-MM-DD form.
bool IsIsoDateOrEmpty(const std::string& date);

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_GEOREFERENCE_H_
