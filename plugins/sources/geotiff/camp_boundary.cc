#include "camp_boundary.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gdal_errors.h"
#include "gdal_priv.h"
#include "ogr_geometry.h"
#include "ogrsf_frmts.h"

namespace campcount::plugins {
namespace {

using campcount::v1::PixelPolygon;
using campcount::v1::PixelRing;

// GeoJSON's spelling, which is what the user wrote.
std::string GeometryTypeName(OGRwkbGeometryType type) {
  switch (wkbFlatten(type)) {
    case wkbPoint:
      return "Point";
    case wkbLineString:
      return "LineString";
    case wkbPolygon:
      return "Polygon";
    case wkbMultiPoint:
      return "MultiPoint";
    case wkbMultiLineString:
      return "MultiLineString";
    case wkbMultiPolygon:
      return "MultiPolygon";
    case wkbGeometryCollection:
      return "GeometryCollection";
    default:
      return OGRGeometryTypeToName(type);
  }
}

std::string Bounds(double xmin, double ymin, double xmax, double ymax) {
  return absl::StrFormat("x %.10g to %.10g, y %.10g to %.10g", xmin, xmax, ymin,
                         ymax);
}

struct BoundaryGeometry {
  std::vector<std::unique_ptr<OGRPolygon>> polygons;
  OGRSpatialReference srs;
};

absl::Status AddPolygons(const OGRGeometry* geometry, int64_t feature_number,
                         BoundaryGeometry* out) {
  if (geometry == nullptr || geometry->IsEmpty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "camp boundary: feature ", feature_number, " has no geometry"));
  }
  switch (wkbFlatten(geometry->getGeometryType())) {
    case wkbPolygon:
      out->polygons.emplace_back(geometry->clone()->toPolygon());
      break;
    case wkbMultiPolygon:
      for (const OGRPolygon* part : *geometry->toMultiPolygon()) {
        out->polygons.emplace_back(part->clone());
      }
      break;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("camp boundary: expected Polygon or MultiPolygon, got ",
                       GeometryTypeName(geometry->getGeometryType())));
  }
  return absl::OkStatus();
}

absl::StatusOr<BoundaryGeometry> ReadGeoJson(absl::string_view geojson) {
  // Only literal GeoJSON: GDAL would otherwise treat the text as a path or
  // URL and read a file or fetch a page on the user's behalf.
  const std::string text(absl::StripAsciiWhitespace(geojson));
  if (text.empty() || text.front() != '{') {
    return absl::InvalidArgumentError(absl::StrCat(
        "camp boundary must be GeoJSON text starting with '{', got '",
        text.substr(0, 40), text.size() > 40 ? "...'" : "'"));
  }
  GdalErrorCapture errors;
  const char* const kDrivers[] = {"GeoJSON", nullptr};
  GDALDatasetUniquePtr dataset(GDALDataset::Open(
      text.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
      kDrivers));
  if (dataset == nullptr) {
    // When the driver does not recognise the object at all, GDAL falls back
    // to reading the text as a file name; that message would mislead.
    std::string why = errors.Messages("");
    if (why.empty() || absl::StrContains(why, "No such file")) {
      why =
          "expected a GeoJSON Polygon, MultiPolygon, Feature or "
          "FeatureCollection";
    }
    return absl::InvalidArgumentError(
        absl::StrCat("camp boundary is not GeoJSON GDAL can read: ", why));
  }
  BoundaryGeometry out;
  const OGRSpatialReference* declared = nullptr;
  int64_t feature_number = 0;
  for (OGRLayer* layer : dataset->GetLayers()) {
    if (declared == nullptr) declared = layer->GetSpatialRef();
    for (const auto& feature : *layer) {
      ++feature_number;
      absl::Status status =
          AddPolygons(feature->GetGeometryRef(), feature_number, &out);
      if (!status.ok()) return status;
    }
  }
  if (out.polygons.empty()) {
    return absl::InvalidArgumentError(
        "camp boundary has no Polygon or MultiPolygon in it");
  }
  for (auto& polygon : out.polygons) polygon->flattenTo2D();
  if (declared != nullptr) {
    out.srs = *declared;
  } else {
    out.srs.importFromEPSG(4326);  // RFC 7946: WGS 84 longitude/latitude.
  }
  // GeoJSON puts x (longitude, easting) first whatever the CRS's axis order.
  out.srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return out;
}

absl::Status CheckValid(const OGRPolygon& polygon, size_t index, size_t count) {
  GdalErrorCapture errors;  // GEOS reports the reason as a warning.
  if (polygon.IsValid()) return absl::OkStatus();
  const std::string reason = errors.Messages("");
  return absl::InvalidArgumentError(absl::StrCat(
      "camp boundary is not a valid polygon",
      count > 1 ? absl::StrCat(" (part ", index + 1, " of ", count, ")") : "",
      reason.empty() ? "" : absl::StrCat(" (", reason, ")"),
      "; fix it in a GIS, e.g. QGIS 'Fix geometries', and try again"));
}

// Overlapping parts (two features covering the same ground) would otherwise
// count their overlap twice in the camp area.
absl::StatusOr<OGRGeometryUniquePtr> Merge(
    std::vector<std::unique_ptr<OGRPolygon>> polygons) {
  if (polygons.size() == 1) return OGRGeometryUniquePtr(polygons[0].release());
  OGRMultiPolygon all;
  for (auto& polygon : polygons) all.addGeometryDirectly(polygon.release());
  GdalErrorCapture errors;
  OGRGeometryUniquePtr merged(all.UnionCascaded());
  if (merged == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("camp boundary: could not merge its ",
                     all.getNumGeometries(), " polygons: ", errors.Messages()));
  }
  return merged;
}

// Applies an affine transform (GDAL geotransform layout) to every vertex.
void ApplyAffine(const GeoTransform& t, OGRGeometry* geometry) {
  switch (wkbFlatten(geometry->getGeometryType())) {
    case wkbPolygon:
      for (OGRLinearRing* ring : *geometry->toPolygon()) {
        for (int i = 0; i < ring->getNumPoints(); ++i) {
          const double x = ring->getX(i), y = ring->getY(i);
          ring->setPoint(i, t[0] + x * t[1] + y * t[2],
                         t[3] + x * t[4] + y * t[5]);
        }
      }
      break;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (OGRGeometry* part : *geometry->toGeometryCollection()) {
        ApplyAffine(t, part);
      }
      break;
    default:
      break;
  }
}

void CollectPolygons(const OGRGeometry& geometry,
                     std::vector<const OGRPolygon*>* out) {
  switch (wkbFlatten(geometry.getGeometryType())) {
    case wkbPolygon:
      if (geometry.toPolygon()->get_Area() > 0) {
        out->push_back(geometry.toPolygon());
      }
      break;
    case wkbMultiPolygon:
    case wkbGeometryCollection:
      for (const OGRGeometry* part : *geometry.toGeometryCollection()) {
        CollectPolygons(*part, out);
      }
      break;
    default:  // Points and lines where the boundary only touches the image.
      break;
  }
}

PixelPolygon ToPixelPolygon(const OGRPolygon& polygon) {
  PixelPolygon out;
  for (const OGRLinearRing* ring : polygon) {
    int n = ring->getNumPoints();
    if (n > 1 && ring->getX(0) == ring->getX(n - 1) &&
        ring->getY(0) == ring->getY(n - 1)) {
      --n;  // PixelRing closes implicitly.
    }
    PixelRing* pixel_ring = out.add_rings();
    for (int i = 0; i < n; ++i) {
      pixel_ring->add_x(ring->getX(i));
      pixel_ring->add_y(ring->getY(i));
    }
  }
  return out;
}

std::unique_ptr<OGRPolygon> Rectangle(double width, double height) {
  auto ring = std::make_unique<OGRLinearRing>();
  ring->addPoint(0, 0);
  ring->addPoint(width, 0);
  ring->addPoint(width, height);
  ring->addPoint(0, height);
  ring->addPoint(0, 0);
  auto rectangle = std::make_unique<OGRPolygon>();
  rectangle->addRingDirectly(ring.release());
  return rectangle;
}

}  // namespace

absl::StatusOr<PixelBoundary> MapBoundaryToPixels(absl::string_view geojson,
                                                  const RasterFrame& raster) {
  absl::StatusOr<BoundaryGeometry> boundary = ReadGeoJson(geojson);
  if (!boundary.ok()) return boundary.status();
  for (size_t i = 0; i < boundary->polygons.size(); ++i) {
    absl::Status valid =
        CheckValid(*boundary->polygons[i], i, boundary->polygons.size());
    if (!valid.ok()) return valid;
  }
  absl::StatusOr<OGRGeometryUniquePtr> merged =
      Merge(std::move(boundary->polygons));
  if (!merged.ok()) return merged.status();
  OGRGeometry& geometry = **merged;

  OGRSpatialReference target(*raster.srs);
  target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (!boundary->srs.IsSame(&target)) {
    GdalErrorCapture errors;
    std::unique_ptr<OGRCoordinateTransformation> to_raster(
        OGRCreateCoordinateTransformation(&boundary->srs, &target));
    if (to_raster == nullptr ||
        geometry.transform(to_raster.get()) != OGRERR_NONE) {
      return absl::InvalidArgumentError(absl::StrCat(
          "camp boundary could not be transformed from ",
          boundary->srs.GetName() ? boundary->srs.GetName() : "its CRS",
          " to the CRS of image '", raster.uri, "': ", errors.Messages()));
    }
  }
  OGREnvelope map_bounds;
  geometry.getEnvelope(&map_bounds);

  GeoTransform to_pixel;
  if (!GDALInvGeoTransform(const_cast<double*>(raster.transform.data()),
                           to_pixel.data())) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the geotransform of image '", raster.uri, "' cannot be inverted"));
  }
  ApplyAffine(to_pixel, &geometry);
  std::unique_ptr<OGRPolygon> image =
      Rectangle(double(raster.width), double(raster.height));
  GdalErrorCapture errors;
  OGRGeometryUniquePtr clipped(geometry.Intersection(image.get()));
  if (clipped == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("camp boundary could not be clipped to image '",
                     raster.uri, "': ", errors.Messages()));
  }
  std::vector<const OGRPolygon*> parts;
  CollectPolygons(*clipped, &parts);
  if (parts.empty()) {
    const std::array<double, 4> image_bounds =
        MapBoundsOf(raster.transform, raster.width, raster.height);
    return absl::InvalidArgumentError(
        absl::StrCat("camp boundary does not overlap image '", raster.uri,
                     "' (boundary bounds ",
                     Bounds(map_bounds.MinX, map_bounds.MinY, map_bounds.MaxX,
                            map_bounds.MaxY),
                     "; image bounds ",
                     Bounds(image_bounds[0], image_bounds[1], image_bounds[2],
                            image_bounds[3]),
                     "; in the image's CRS)"));
  }

  PixelBoundary out;
  OGREnvelope pixel_bounds;
  for (const OGRPolygon* part : parts) {
    out.parts.push_back(ToPixelPolygon(*part));
    out.area_px += part->get_Area();
    OGREnvelope envelope;
    part->getEnvelope(&envelope);
    pixel_bounds.Merge(envelope);
  }
  // Reprojection leaves vertices a hair off whole pixels (20 -> 19.9999999);
  // that should not widen the window by a pixel.
  constexpr double kSlack = 1e-3;
  const int64_t x0 =
      std::max<int64_t>(0, std::floor(pixel_bounds.MinX + kSlack));
  const int64_t y0 =
      std::max<int64_t>(0, std::floor(pixel_bounds.MinY + kSlack));
  const int64_t x1 =
      std::min<int64_t>(raster.width, std::ceil(pixel_bounds.MaxX - kSlack));
  const int64_t y1 =
      std::min<int64_t>(raster.height, std::ceil(pixel_bounds.MaxY - kSlack));
  out.area_of_interest.set_x(x0);
  out.area_of_interest.set_y(y0);
  out.area_of_interest.set_width(x1 - x0);
  out.area_of_interest.set_height(y1 - y0);
  return out;
}

}  // namespace campcount::plugins
