#include "geotiff_source.h"

#include <mutex>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "camp_boundary.h"
#include "campcount/plugin_settings.h"
#include "cpl_vsi.h"
#include "gdal_errors.h"
#include "raster_metadata.h"

namespace campcount::plugins {
namespace {

using campcount::v1::PixelWindow;

// Larger windows are a caller's bug, not a tile: refuse them before
// allocating gigabytes.
constexpr int64_t kMaxTilePixels = int64_t{16384} * 16384;

std::string Describe(const PixelWindow& window) {
  return absl::StrFormat("x=%d y=%d width=%d height=%d", window.x(), window.y(),
                         window.width(), window.height());
}

std::string Provenance(GDALDataset& dataset, const std::string& uri,
                       const std::vector<int>& bands) {
  GDALDriver* driver = dataset.GetDriver();
  const GDALDataType type =
      dataset.GetRasterBand(bands.front())->GetRasterDataType();
  std::string text = absl::StrCat(
      "GDAL driver ", driver ? driver->GetDescription() : "unknown", " (",
      driver ? driver->GetMetadataItem(GDAL_DMD_LONGNAME) : "", "), file '",
      uri, "', ", bands.size() == 3 ? "RGB" : "grey", " from band",
      bands.size() == 1 ? " " : "s ");
  for (size_t i = 0; i < bands.size(); ++i) {
    absl::StrAppend(&text, i ? "," : "", bands[i]);
  }
  absl::StrAppend(&text, " of ", dataset.GetRasterCount(), ", pixel type ",
                  GDALGetDataTypeName(type));
  if (type != GDT_Byte) {
    absl::StrAppend(&text,
                    ", values clamped to 0-255 (no contrast stretch applied)");
  }
  absl::StrAppend(&text, ", read with GDAL ", GDALVersionInfo("RELEASE_NAME"));
  return text;
}

}  // namespace

campcount::v1::PluginManifest GeotiffSource::Manifest() {
  campcount::v1::PluginManifest manifest;
  manifest.set_name(kName);
  manifest.set_version(kVersion);
  manifest.set_description(
      "Reads any georeferenced raster GDAL can open (GeoTIFF, Cloud-Optimised "
      "GeoTIFF over /vsicurl/, JPEG2000, files in /vsizip/ ...) window by "
      "window, and maps a GeoJSON camp boundary onto its pixels.");
  auto* cache = manifest.add_config();
  cache->set_name("gdal_cache_mb");
  cache->set_type("int");
  cache->set_default_value("256");
  cache->set_description(
      "GDAL's block cache in MB. GDAL's own default is 5 % of the machine's "
      "memory, which a large image fills; a bounded cache keeps an estimate's "
      "memory independent of image size.");
  return manifest;
}

absl::StatusOr<std::unique_ptr<GeotiffSource>> GeotiffSource::Create(
    const campcount::v1::PluginConfig& config) {
  absl::StatusOr<campcount::sdk::PluginSettings> settings =
      campcount::sdk::PluginSettings::Make(Manifest(), config);
  if (!settings.ok()) return settings.status();
  absl::StatusOr<int> cache_mb = settings->GetInt("gdal_cache_mb");
  if (!cache_mb.ok()) return cache_mb.status();
  if (*cache_mb < 16) {
    return absl::InvalidArgumentError(
        absl::StrCat("plugin geotiff: setting 'gdal_cache_mb' = ", *cache_mb,
                     " is too small (at least 16)"));
  }
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
  // GDAL's cache is per process; this plugin is the process's GDAL reader.
  GDALSetCacheMax64(static_cast<GIntBig>(*cache_mb) << 20);
  return std::unique_ptr<GeotiffSource>(new GeotiffSource());
}

absl::StatusOr<campcount::v1::Scene> GeotiffSource::OpenScene(
    const campcount::v1::OpenSceneRequest& request,
    const campcount::sdk::CallContext& context) {
  const std::string& uri = request.uri();
  if (uri.empty()) return absl::InvalidArgumentError("no image uri given");
  if (context.IsCancelled()) {
    return absl::CancelledError(absl::StrCat("opening '", uri, "' cancelled"));
  }
  // GDAL's URIs (/vsicurl/, /vsis3/, ...) cannot always be stat'ed cheaply;
  // for them GDAL's own open error says what went wrong.
  VSIStatBufL stat;
  if (!absl::StartsWith(uri, "/vsi") && VSIStatL(uri.c_str(), &stat) != 0) {
    return absl::NotFoundError(
        absl::StrCat("image '", uri, "' does not exist"));
  }

  auto raster = std::make_shared<OpenRaster>();
  raster->uri = uri;
  {
    GdalErrorCapture errors;
    raster->dataset.reset(GDALDataset::Open(
        uri.c_str(),
        GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR));
    if (raster->dataset == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "'", uri, "' is not a raster GDAL can read: ", errors.Messages()));
    }
  }
  GDALDataset& dataset = *raster->dataset;
  raster->width = dataset.GetRasterXSize();
  raster->height = dataset.GetRasterYSize();
  if (raster->width <= 0 || raster->height <= 0 ||
      dataset.GetRasterCount() <= 0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "image '%s' is empty (%d x %d pixels, %d bands)", uri, raster->width,
        raster->height, dataset.GetRasterCount()));
  }
  GeoTransform transform;
  if (dataset.GetGeoTransform(transform.data()) != CE_None) {
    return absl::FailedPreconditionError(absl::StrCat(
        "image '", uri,
        "' has no geotransform, so the size of a pixel on the ground is "
        "unknown; georeference it first (e.g. gdal_translate -a_srs ... "
        "-a_ullr ...)"));
  }
  const OGRSpatialReference* srs = dataset.GetSpatialRef();
  if (srs == nullptr || srs->IsEmpty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "image '", uri,
        "' has no coordinate reference system, so the size of a pixel on "
        "the ground is unknown; assign one first (e.g. gdal_edit.py -a_srs "
        "EPSG:32633)"));
  }
  absl::StatusOr<GroundScale> scale =
      GroundScaleOf(*srs, transform, raster->width, raster->height);
  if (!scale.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("image '", uri, "': ", scale.status().message()));
  }
  raster->gsd_m = scale->gsd_m;
  absl::StatusOr<std::vector<int>> bands = TileBandsOf(dataset);
  if (!bands.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("image '", uri, "': ", bands.status().message()));
  }
  raster->band_map = *std::move(bands);

  campcount::v1::Scene scene;
  scene.set_uri(uri);
  {
    char* wkt = nullptr;
    const char* const kOptions[] = {"FORMAT=WKT2_2019", nullptr};
    if (srs->exportToWkt(&wkt, kOptions) == OGRERR_NONE && wkt != nullptr) {
      scene.set_crs_wkt(wkt);
    }
    CPLFree(wkt);
  }
  scene.set_epsg(EpsgCodeOf(*srs));
  for (double c : transform) scene.mutable_geotransform()->add_coefficients(c);
  scene.set_gsd_m(scale->gsd_m);
  scene.set_width(raster->width);
  scene.set_height(raster->height);
  // The bands a tile will carry, which is what a detector can rely on.
  scene.set_bands(static_cast<int32_t>(raster->band_map.size()));
  scene.set_acquisition_date(AcquisitionDateOf(dataset));
  scene.set_provenance(Provenance(dataset, uri, raster->band_map));

  if (absl::StripAsciiWhitespace(request.boundary_geojson()).empty()) {
    PixelWindow* aoi = scene.mutable_area_of_interest();
    aoi->set_width(raster->width);
    aoi->set_height(raster->height);
    scene.set_area_m2(double(raster->width) * double(raster->height) *
                      scale->pixel_area_m2);
  } else {
    RasterFrame frame{uri, srs, transform, raster->width, raster->height};
    absl::StatusOr<PixelBoundary> boundary =
        MapBoundaryToPixels(request.boundary_geojson(), frame);
    if (!boundary.ok()) return boundary.status();
    for (auto& part : boundary->parts) *scene.add_boundary() = std::move(part);
    *scene.mutable_area_of_interest() = boundary->area_of_interest;
    scene.set_area_m2(boundary->area_px * scale->pixel_area_m2);
  }

  const uint64_t handle = next_handle_.fetch_add(1);
  scene.set_handle(handle);
  std::lock_guard<std::mutex> lock(mutex_);
  scenes_.emplace(handle, std::move(raster));
  return scene;
}

absl::StatusOr<campcount::v1::Tile> GeotiffSource::ReadTile(
    const campcount::v1::ReadTileRequest& request,
    const campcount::sdk::CallContext& context) {
  if (context.IsCancelled()) return absl::CancelledError("read cancelled");
  absl::StatusOr<std::shared_ptr<OpenRaster>> found =
      Find(request.scene_handle());
  if (!found.ok()) return found.status();
  OpenRaster& raster = **found;
  const PixelWindow& window = request.window();
  // Written so that no sum can overflow on hostile values.
  if (window.width() <= 0 || window.height() <= 0 || window.x() < 0 ||
      window.y() < 0 || window.x() >= raster.width ||
      window.y() >= raster.height ||
      window.width() > raster.width - window.x() ||
      window.height() > raster.height - window.y()) {
    return absl::OutOfRangeError(absl::StrFormat(
        "window %s is not inside image '%s' (%d x %d pixels)", Describe(window),
        raster.uri, raster.width, raster.height));
  }
  if (window.width() * window.height() > kMaxTilePixels) {
    return absl::OutOfRangeError(absl::StrFormat(
        "window %s of image '%s' is larger than a tile may be (%d pixels)",
        Describe(window), raster.uri, kMaxTilePixels));
  }

  campcount::v1::Tile tile;
  *tile.mutable_window() = window;
  const int bands = static_cast<int>(raster.band_map.size());
  tile.set_bands(bands);
  tile.set_gsd_m(raster.gsd_m);
  std::string* pixels = tile.mutable_pixels();
  pixels->resize(size_t(window.width()) * size_t(window.height()) * bands);
  std::lock_guard<std::mutex> lock(raster.mutex);
  GdalErrorCapture errors;
  // Pixel-interleaved 8-bit RGBRGB...; GDAL clamps wider types to 0-255.
  const CPLErr result = raster.dataset->RasterIO(
      GF_Read, int(window.x()), int(window.y()), int(window.width()),
      int(window.height()), pixels->data(), int(window.width()),
      int(window.height()), GDT_Byte, bands, raster.band_map.data(), bands,
      GSpacing{bands} * window.width(), 1, nullptr);
  if (result != CE_None) {
    return absl::InternalError(
        absl::StrFormat("could not read window %s of image '%s': %s",
                        Describe(window), raster.uri, errors.Messages()));
  }
  return tile;
}

absl::Status GeotiffSource::CloseScene(
    const campcount::v1::CloseSceneRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (scenes_.erase(request.scene_handle()) == 0) {
    return absl::NotFoundError(
        absl::StrCat("scene handle ", request.scene_handle(),
                     " is not open in source 'geotiff' (never opened, or "
                     "already closed)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<GeotiffSource::OpenRaster>> GeotiffSource::Find(
    uint64_t handle) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = scenes_.find(handle);
  if (it == scenes_.end()) {
    return absl::NotFoundError(
        absl::StrCat("scene handle ", handle,
                     " is not open in source 'geotiff' (never opened, or "
                     "already closed)"));
  }
  return it->second;
}

}  // namespace campcount::plugins
