#include "image_frame.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "absl/strings/str_cat.h"

namespace campcount::evaluation {
namespace {

void RegisterGdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

// Map position of pixel (x, y) under GDAL's affine geotransform.
void PixelToMap(const double* t, double x, double y, double* mx, double* my) {
  *mx = t[0] + x * t[1] + y * t[2];
  *my = t[3] + x * t[4] + y * t[5];
}

std::array<std::array<double, 2>, 4> Corners(const core::Box& b) {
  return {
      {{b.xmin, b.ymin}, {b.xmax, b.ymin}, {b.xmax, b.ymax}, {b.xmin, b.ymax}}};
}

bool SameGrid(const campcount::v1::Scene& scene,
              const std::array<double, 6>& transform) {
  if (scene.geotransform().coefficients_size() != 6) return false;
  for (int i = 0; i < 6; ++i) {
    const double a = scene.geotransform().coefficients(i);
    if (std::abs(a - transform[i]) > 1e-9 * std::max(1.0, std::abs(a))) {
      return false;
    }
  }
  return true;
}

}  // namespace

ImageFrame::ImageFrame(ImageFrame&&) noexcept = default;
ImageFrame& ImageFrame::operator=(ImageFrame&&) noexcept = default;
ImageFrame::~ImageFrame() = default;

absl::StatusOr<ImageFrame> ImageFrame::Open(const std::string& path) {
  RegisterGdal();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  CPLPopErrorHandler();
  if (dataset == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", path, "' is not a raster GDAL can read: ", CPLGetLastErrorMsg()));
  }
  ImageFrame frame;
  frame.path_ = path;
  frame.width_ = dataset->GetRasterXSize();
  frame.height_ = dataset->GetRasterYSize();
  if (dataset->GetGeoTransform(frame.transform_.data()) != CE_None) {
    return absl::FailedPreconditionError(
        absl::StrCat("image '", path, "' has no geotransform"));
  }
  const OGRSpatialReference* srs = dataset->GetSpatialRef();
  if (srs == nullptr || srs->IsEmpty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("image '", path, "' has no coordinate reference system"));
  }
  frame.srs_ = std::make_unique<OGRSpatialReference>(*srs);
  frame.srs_->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference wgs84;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  frame.to_lonlat_.reset(
      OGRCreateCoordinateTransformation(frame.srs_.get(), &wgs84));
  if (frame.to_lonlat_ == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "image '", path, "': its CRS cannot be transformed to WGS 84 lon/lat"));
  }
  return frame;
}

absl::StatusOr<core::Box> ImageFrame::FromScenePixels(
    const campcount::v1::Scene& scene, const core::Box& box) const {
  if (SameGrid(scene, transform_) && scene.width() == width_ &&
      scene.height() == height_) {
    return box;
  }
  if (scene.geotransform().coefficients_size() != 6) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the engine's scene of '", path_, "' has no geotransform"));
  }
  std::unique_ptr<OGRCoordinateTransformation> to_image;
  if (!scene.crs_wkt().empty()) {
    OGRSpatialReference scene_srs;
    if (scene_srs.importFromWkt(scene.crs_wkt().c_str()) != OGRERR_NONE) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the engine's scene of '", path_, "' has an unreadable CRS"));
    }
    scene_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!scene_srs.IsSame(srs_.get())) {
      to_image.reset(OGRCreateCoordinateTransformation(&scene_srs, srs_.get()));
      if (to_image == nullptr) {
        return absl::FailedPreconditionError(absl::StrCat(
            "cannot transform the scene's CRS to that of '", path_, "'"));
      }
    }
  }
  double inverse[6];
  if (!GDALInvGeoTransform(const_cast<double*>(transform_.data()), inverse)) {
    return absl::FailedPreconditionError(
        absl::StrCat("image '", path_, "' has a non-invertible geotransform"));
  }
  const double* scene_transform = scene.geotransform().coefficients().data();
  core::Box out{INFINITY, INFINITY, -INFINITY, -INFINITY};
  for (const auto& [x, y] : Corners(box)) {
    double mx = 0, my = 0;
    PixelToMap(scene_transform, x, y, &mx, &my);
    if (to_image != nullptr && !to_image->Transform(1, &mx, &my)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "a detection of '", path_, "' could not be transformed to its CRS"));
    }
    double px = 0, py = 0;
    PixelToMap(inverse, mx, my, &px, &py);
    out.xmin = std::min(out.xmin, px);
    out.ymin = std::min(out.ymin, py);
    out.xmax = std::max(out.xmax, px);
    out.ymax = std::max(out.ymax, py);
  }
  return out;
}

absl::StatusOr<std::array<LonLat, 4>> ImageFrame::ToLonLat(
    const core::Box& box) const {
  std::array<LonLat, 4> out;
  const auto corners = Corners(box);
  for (int i = 0; i < 4; ++i) {
    double x = 0, y = 0;
    PixelToMap(transform_.data(), corners[i][0], corners[i][1], &x, &y);
    if (!to_lonlat_->Transform(1, &x, &y)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "a box of '", path_, "' could not be transformed to lon/lat"));
    }
    out[i] = {x, y};
  }
  return out;
}

}  // namespace campcount::evaluation
