// Detections as an RFC 7946 GeoJSON FeatureCollection in EPSG:4326 (lon/lat),
// one Polygon per detection with its score, class, area in m² and whether
// the engine kept it (and why not), for any GIS tool.
#ifndef CAMPCOUNT_CLIENTS_CLI_GEOJSON_WRITER_H_
#define CAMPCOUNT_CLIENTS_CLI_GEOJSON_WRITER_H_

#include <string>

#include "absl/status/statusor.h"
#include "campcount/v1/records.pb.h"

namespace campcount::cli {

// Fails when the scene has no CRS to transform from.
absl::StatusOr<std::string> DetectionsToGeoJson(
    const campcount::v1::EstimateRecord& record);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_GEOJSON_WRITER_H_
