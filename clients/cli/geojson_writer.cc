#include "geojson_writer.h"

#include <ogr_spatialref.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "json_output.h"

namespace campcount::cli {
namespace {

struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* t) const {
    OGRCoordinateTransformation::DestroyCT(t);
  }
};

}  // namespace

absl::StatusOr<std::string> DetectionsToGeoJson(
    const campcount::v1::EstimateRecord& record) {
  const campcount::v1::Scene& scene = record.scene();
  OGRSpatialReference source;
  OGRErr imported = OGRERR_FAILURE;
  if (!scene.crs_wkt().empty()) {
    imported = source.importFromWkt(scene.crs_wkt().c_str());
  } else if (scene.epsg() > 0) {
    imported = source.importFromEPSG(scene.epsg());
  }
  if (imported != OGRERR_NONE) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write GeoJSON: the image ", scene.uri(),
                     " has no usable coordinate reference system"));
  }
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  // RFC 7946 order: longitude, latitude.
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation, TransformDeleter> transform(
      OGRCreateCoordinateTransformation(&source, &wgs84));
  if (transform == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write GeoJSON: no transformation from the CRS of ",
                     scene.uri(), " to EPSG:4326"));
  }

  std::string out = absl::StrCat(
      "{\n\"type\": \"FeatureCollection\",\n\"name\": ",
      JsonString(absl::StrCat("campcount detections ", record.camp_id())),
      ",\n\"features\": [");
  bool first = true;
  for (const campcount::v1::Detection& d : record.detections()) {
    const auto& box = d.map_box();
    // Corners counter-clockwise (RFC 7946 exterior ring), closed.
    double x[5] = {box.xmin(), box.xmax(), box.xmax(), box.xmin(), box.xmin()};
    double y[5] = {box.ymin(), box.ymin(), box.ymax(), box.ymax(), box.ymin()};
    if (!transform->Transform(5, x, y)) {
      return absl::InternalError(
          absl::StrCat("cannot transform a detection at (", box.xmin(), ", ",
                       box.ymin(), ") of ", scene.uri(), " to EPSG:4326"));
    }
    std::string ring;
    for (int i = 0; i < 5; ++i) {
      absl::StrAppendFormat(&ring, "%s[%.8f, %.8f]", i == 0 ? "" : ", ", x[i],
                            y[i]);
    }
    absl::StrAppend(
        &out, first ? "\n" : ",\n",
        "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", "
        "\"coordinates\": [[",
        ring, "]]}, \"properties\": {",
        absl::StrFormat("\"score\": %.4f, \"area_m2\": %.2f, ", d.score(),
                        d.area_m2()),
        "\"class\": ", JsonString(d.class_name()),
        ", \"kept\": ", d.kept() ? "true" : "false",
        ", \"drop_reason\": ", JsonString(d.drop_reason()),
        absl::StrFormat(", \"pixel_box\": [%.1f, %.1f, %.1f, %.1f]",
                        d.pixel_box().xmin(), d.pixel_box().ymin(),
                        d.pixel_box().xmax(), d.pixel_box().ymax()),
        "}}");
    first = false;
  }
  absl::StrAppend(&out, "\n]\n}\n");
  return out;
}

}  // namespace campcount::cli
