#include "geotiff_source.h"

#include <algorithm>
#include <cmath>
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
#include "resampled_grid.h"

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
                       const std::vector<int>& bands, bool stretched) {
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
  if (type != GDT_Byte && !stretched) {
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
  AddPreprocessSettings(&manifest);
  auto* extensions = manifest.add_config();
  extensions->set_name("vsicurl_allowed_extensions");
  extensions->set_type("string");
  extensions->set_default_value(".tif,.tiff,.vrt,.jp2");
  extensions->set_description(
      "Extensions GDAL may fetch over /vsicurl/ (CPL_VSIL_CURL_ALLOWED_"
      "EXTENSIONS), so it does not probe the server for sidecar files "
      "(.aux.xml, .ovr, .msk) one slow request at a time; empty: any. An "
      "environment variable of that name wins.");
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
  absl::StatusOr<PreprocessOptions> defaults = PreprocessDefaults(*settings);
  if (!defaults.ok()) return defaults.status();
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
  // Remote rasters: list no directory and probe no sidecar files (each
  // would be an HTTP round trip). Settings the operator exported win.
  if (CPLGetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", nullptr) == nullptr) {
    CPLSetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR");
  }
  const std::string extensions =
      settings->GetString("vsicurl_allowed_extensions");
  if (!extensions.empty() &&
      CPLGetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", nullptr) ==
          nullptr) {
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", extensions.c_str());
  }
  // GDAL's cache is per process; this plugin is the process's GDAL reader.
  GDALSetCacheMax64(static_cast<GIntBig>(*cache_mb) << 20);
  return std::unique_ptr<GeotiffSource>(
      new GeotiffSource(*std::move(defaults)));
}

absl::StatusOr<campcount::v1::Scene> GeotiffSource::OpenScene(
    const campcount::v1::OpenSceneRequest& request,
    const campcount::sdk::CallContext& context) {
  const std::string& uri = request.uri();
  if (uri.empty()) return absl::InvalidArgumentError("no image uri given");
  absl::StatusOr<PreprocessOptions> options =
      ResolvePreprocess(defaults_, request);
  if (!options.ok()) return options.status();
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
  const int64_t native_width = dataset.GetRasterXSize();
  const int64_t native_height = dataset.GetRasterYSize();
  if (native_width <= 0 || native_height <= 0 ||
      dataset.GetRasterCount() <= 0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("image '%s' is empty (%d x %d pixels, %d bands)", uri,
                        native_width, native_height, dataset.GetRasterCount()));
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
  absl::StatusOr<GroundScale> native_scale =
      GroundScaleOf(*srs, transform, native_width, native_height);
  if (!native_scale.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("image '", uri, "': ", native_scale.status().message()));
  }
  absl::StatusOr<std::vector<int>> bands = TileBandsOf(dataset);
  if (!bands.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("image '", uri, "': ", bands.status().message()));
  }
  const std::vector<int> source_bands = *std::move(bands);

  // The grid tiles come in: the image's own, or resampled to the target GSD
  // (always resampled out of a geographic CRS, whose pixels are degrees).
  OGRSpatialReference grid_srs(*srs);
  GeoTransform grid_transform = transform;
  raster->pixels = raster->dataset.get();
  raster->band_map = source_bands;
  raster->width = native_width;
  raster->height = native_height;
  const double target = options->target_gsd_m;
  const bool resample = target > 0 && (srs->IsGeographic() ||
                                       std::abs(target - native_scale->gsd_m) >
                                           1e-3 * native_scale->gsd_m);
  if (resample) {
    absl::StatusOr<ResampledGrid> grid =
        MakeResampledGrid(dataset, *srs, source_bands, native_scale->gsd_m,
                          target, options->resampling, uri);
    if (!grid.ok()) return grid.status();
    raster->warped = std::move(grid->dataset);
    raster->pixels = raster->warped.get();
    raster->band_map.clear();
    for (size_t i = 0; i < source_bands.size(); ++i) {
      raster->band_map.push_back(int(i) + 1);
      // The alpha band, not a nodata value, marks what is missing.
      if (grid->has_alpha) {
        raster->warped->GetRasterBand(int(i) + 1)->DeleteNoDataValue();
      }
    }
    grid_srs = grid->srs;
    grid_transform = grid->transform;
    raster->width = grid->width;
    raster->height = grid->height;
    raster->source_rows = grid->source_rows;
  }
  absl::StatusOr<GroundScale> scale =
      GroundScaleOf(grid_srs, grid_transform, raster->width, raster->height);
  if (!scale.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("image '", uri, "': ", scale.status().message()));
  }
  raster->gsd_m = scale->gsd_m;
  raster->masked =
      raster->pixels->GetRasterBand(raster->band_map.front())->GetMaskFlags() !=
      GMF_ALL_VALID;

  campcount::v1::Scene scene;
  scene.set_uri(uri);
  {
    char* wkt = nullptr;
    const char* const kOptions[] = {"FORMAT=WKT2_2019", nullptr};
    if (grid_srs.exportToWkt(&wkt, kOptions) == OGRERR_NONE && wkt != nullptr) {
      scene.set_crs_wkt(wkt);
    }
    CPLFree(wkt);
  }
  scene.set_epsg(EpsgCodeOf(grid_srs));
  for (double c : grid_transform) {
    scene.mutable_geotransform()->add_coefficients(c);
  }
  scene.set_gsd_m(scale->gsd_m);
  scene.set_native_gsd_m(native_scale->gsd_m);
  scene.set_width(raster->width);
  scene.set_height(raster->height);
  // The bands a tile will carry, which is what a detector can rely on.
  scene.set_bands(static_cast<int32_t>(raster->band_map.size()));
  scene.set_acquisition_date(AcquisitionDateOf(dataset));

  if (absl::StripAsciiWhitespace(request.boundary_geojson()).empty()) {
    PixelWindow* aoi = scene.mutable_area_of_interest();
    aoi->set_width(raster->width);
    aoi->set_height(raster->height);
    scene.set_area_m2(double(raster->width) * double(raster->height) *
                      scale->pixel_area_m2);
  } else {
    RasterFrame frame{uri, &grid_srs, grid_transform, raster->width,
                      raster->height};
    absl::StatusOr<PixelBoundary> boundary =
        MapBoundaryToPixels(request.boundary_geojson(), frame);
    if (!boundary.ok()) return boundary.status();
    for (auto& part : boundary->parts) *scene.add_boundary() = std::move(part);
    // Clip: the boundary's window plus the margin, inside the image. Only
    // this window is tiled, so nothing outside it is ever read or warped.
    const PixelWindow& inner = boundary->area_of_interest;
    const int64_t margin_px =
        static_cast<int64_t>(std::ceil(options->margin_m / scale->gsd_m));
    const int64_t x0 = std::max<int64_t>(0, inner.x() - margin_px);
    const int64_t y0 = std::max<int64_t>(0, inner.y() - margin_px);
    const int64_t x1 =
        std::min<int64_t>(raster->width, inner.x() + inner.width() + margin_px);
    const int64_t y1 = std::min<int64_t>(
        raster->height, inner.y() + inner.height() + margin_px);
    PixelWindow* aoi = scene.mutable_area_of_interest();
    aoi->set_x(x0);
    aoi->set_y(y0);
    aoi->set_width(x1 - x0);
    aoi->set_height(y1 - y0);
    scene.set_margin_m(options->margin_m);
    scene.set_area_m2(boundary->area_px * scale->pixel_area_m2);
  }

  std::string preprocessing;
  if (resample) {
    preprocessing = absl::StrFormat(
        "resampled from %.3g to %.3g m/px (%s, GDAL warped VRT%s)",
        native_scale->gsd_m, scale->gsd_m, options->resampling_name,
        srs->IsGeographic()
            ? absl::StrCat(", reprojected to EPSG:", scene.epsg())
            : "");
  } else {
    preprocessing =
        absl::StrFormat("image's own grid (%.3g m/px)", scale->gsd_m);
  }
  if (scene.boundary_size() > 0) {
    absl::StrAppend(&preprocessing, "; clipped to the boundary + ",
                    options->margin_m, " m");
  }
  if (options->contrast_stretch) {
    absl::StatusOr<StretchStats> stats =
        ComputeStretch(*raster->pixels, raster->band_map, raster->masked,
                       scene.area_of_interest(), options->stretch_low_percent,
                       options->stretch_high_percent, uri);
    if (!stats.ok()) return stats.status();
    raster->stretch = stats->bands;
    absl::StrAppend(&preprocessing, "; contrast stretch ",
                    options->stretch_low_percent, "-",
                    options->stretch_high_percent, " % per band (");
    for (size_t b = 0; b < stats->bands.size(); ++b) {
      absl::StrAppend(&preprocessing, b ? ", " : "",
                      absl::StrFormat("%.4g..%.4g", stats->bands[b].low,
                                      stats->bands[b].high));
    }
    absl::StrAppend(&preprocessing, " from ", stats->samples,
                    " sampled pixels)");
  } else {
    absl::StrAppend(&preprocessing, "; no contrast stretch");
  }
  if (raster->masked) {
    absl::StrAppend(&preprocessing, "; nodata pixels set to 0");
  }
  scene.set_contrast_stretched(options->contrast_stretch);
  scene.set_preprocessing(preprocessing);
  scene.set_provenance(
      Provenance(dataset, uri, source_bands, options->contrast_stretch));

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
  const size_t count = size_t(window.width()) * size_t(window.height());
  std::string* pixels = tile.mutable_pixels();
  pixels->resize(count * bands);
  auto* out = reinterpret_cast<uint8_t*>(pixels->data());
  const int x = int(window.x()), y = int(window.y());
  const int w = int(window.width()), h = int(window.height());
  std::lock_guard<std::mutex> lock(raster.mutex);
  GdalErrorCapture errors;
  CPLErr result = CE_None;
  if (raster.stretch.empty()) {
    // Pixel-interleaved 8-bit RGBRGB...; GDAL clamps wider types to 0-255.
    result = raster.pixels->RasterIO(GF_Read, x, y, w, h, out, w, h, GDT_Byte,
                                     bands, raster.band_map.data(), bands,
                                     GSpacing{bands} * w, 1, nullptr);
  } else {
    std::vector<float> values(count * bands);
    result = raster.pixels->RasterIO(GF_Read, x, y, w, h, values.data(), w, h,
                                     GDT_Float32, bands, raster.band_map.data(),
                                     GSpacing{4} * bands,
                                     GSpacing{4} * bands * w, 4, nullptr);
    if (result == CE_None) {
      ApplyStretch(raster.stretch, values.data(), count, out);
    }
  }
  if (result == CE_None && raster.masked) {
    std::vector<uint8_t> mask(count);
    result = raster.pixels->GetRasterBand(raster.band_map.front())
                 ->GetMaskBand()
                 ->RasterIO(GF_Read, x, y, w, h, mask.data(), w, h, GDT_Byte, 0,
                            0, nullptr);
    for (size_t p = 0; p < count && result == CE_None; ++p) {
      if (mask[p] == 0) std::fill_n(out + p * bands, bands, uint8_t{0});
    }
  }
  if (result != CE_None) {
    return absl::InternalError(
        absl::StrFormat("could not read window %s of image '%s': %s",
                        Describe(window), raster.uri, errors.Messages()));
  }
  // Once per tile row, not per tile: the transform below is not free.
  if (raster.passed_block_rows.Advances(y)) {
    raster.passed_block_rows.DropAbove(*raster.pixels, y);
    if (raster.source_rows) {
      raster.passed_source_rows.DropAbove(
          *raster.dataset, FirstSourceRowStillNeeded(*raster.source_rows, y));
    }
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
