#include "resampled_grid.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cpl_string.h"
#include "gdal_errors.h"

namespace campcount::plugins {
namespace {

// Longitude/latitude of the raster centre, for choosing a UTM zone.
bool CentreLonLat(GDALDataset& source, const OGRSpatialReference& srs,
                  double* lon, double* lat) {
  GeoTransform t;
  if (source.GetGeoTransform(t.data()) != CE_None) return false;
  double x = t[0] + t[1] * source.GetRasterXSize() / 2.0 +
             t[2] * source.GetRasterYSize() / 2.0;
  double y = t[3] + t[4] * source.GetRasterXSize() / 2.0 +
             t[5] * source.GetRasterYSize() / 2.0;
  OGRSpatialReference from(srs), wgs84;
  from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> to_wgs84(
      OGRCreateCoordinateTransformation(&from, &wgs84));
  if (to_wgs84 == nullptr || !to_wgs84->Transform(1, &x, &y)) return false;
  *lon = x;
  *lat = y;
  return true;
}

}  // namespace

absl::StatusOr<ResampledGrid> MakeResampledGrid(
    GDALDataset& source, const OGRSpatialReference& source_srs,
    const std::vector<int>& source_bands, double native_gsd_m,
    double target_gsd_m, GDALResampleAlg resampling, absl::string_view uri) {
  if (target_gsd_m * kMaxUpsampling < native_gsd_m) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "target_gsd_m = %g is more than %g times finer than the %g m/px of "
        "image '%s'; resampling cannot add that detail",
        target_gsd_m, kMaxUpsampling, native_gsd_m, uri));
  }
  ResampledGrid grid;
  const bool reproject = source_srs.IsGeographic();
  if (reproject) {
    double lon = 0, lat = 0;
    if (!CentreLonLat(source, source_srs, &lon, &lat)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "image '", uri, "': could not locate its centre to pick a UTM zone"));
    }
    const int zone = std::clamp(int(std::floor((lon + 180) / 6)) + 1, 1, 60);
    grid.srs.importFromEPSG((lat >= 0 ? 32600 : 32700) + zone);
  } else {
    grid.srs = source_srs;
  }
  grid.srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  char* wkt = nullptr;
  grid.srs.exportToWkt(&wkt);
  const std::string target_wkt = wkt ? wkt : "";
  CPLFree(wkt);

  GdalErrorCapture errors;
  char** transformer_options = nullptr;
  if (reproject) {
    transformer_options =
        CSLSetNameValue(transformer_options, "DST_SRS", target_wkt.c_str());
  }
  void* transformer = GDALCreateGenImgProjTransformer2(
      GDALDataset::ToHandle(&source), nullptr, transformer_options);
  CSLDestroy(transformer_options);
  if (transformer == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "image '", uri, "': cannot set up resampling: ", errors.Messages()));
  }
  // The extent the whole image covers in the target CRS; the resolution is
  // ours, not the suggested one.
  double suggested[6];
  int suggested_w = 0, suggested_h = 0;
  double extent[4];  // xmin, ymin, xmax, ymax
  if (GDALSuggestedWarpOutput2(
          GDALDataset::ToHandle(&source), GDALGenImgProjTransform, transformer,
          suggested, &suggested_w, &suggested_h, extent, 0) != CE_None) {
    GDALDestroyGenImgProjTransformer(transformer);
    return absl::FailedPreconditionError(absl::StrCat(
        "image '", uri, "': cannot compute its extent: ", errors.Messages()));
  }
  const double step = target_gsd_m / grid.srs.GetLinearUnits();
  // A hair of tolerance so an exact multiple does not gain a pixel.
  const double w = std::ceil((extent[2] - extent[0]) / step - 1e-6);
  const double h = std::ceil((extent[3] - extent[1]) / step - 1e-6);
  if (!(w >= 1 && h >= 1 && w <= INT_MAX && h <= INT_MAX)) {
    GDALDestroyGenImgProjTransformer(transformer);
    return absl::InvalidArgumentError(absl::StrFormat(
        "image '%s' at target_gsd_m = %g would be %.0f x %.0f pixels, beyond "
        "what GDAL can address",
        uri, target_gsd_m, w, h));
  }
  grid.width = int64_t(w);
  grid.height = int64_t(h);
  grid.transform = {extent[0], step, 0, extent[3], 0, -step};
  GDALSetGenImgProjTransformerDstGeoTransform(transformer,
                                              grid.transform.data());

  const int n = static_cast<int>(source_bands.size());
  GDALWarpOptions* options = GDALCreateWarpOptions();
  options->hSrcDS = GDALDataset::ToHandle(&source);
  options->eResampleAlg = resampling;
  options->nBandCount = n;
  options->panSrcBands = static_cast<int*>(CPLMalloc(sizeof(int) * n));
  options->panDstBands = static_cast<int*>(CPLMalloc(sizeof(int) * n));
  bool all_byte = true;
  bool nodata = false;
  for (int i = 0; i < n; ++i) {
    options->panSrcBands[i] = source_bands[i];
    options->panDstBands[i] = i + 1;
    GDALRasterBand* band = source.GetRasterBand(source_bands[i]);
    all_byte = all_byte && band->GetRasterDataType() == GDT_Byte;
    int has = 0;
    band->GetNoDataValue(&has);
    nodata = nodata || has;
  }
  // Wider types keep their range through the warp; the stretch or the
  // 0-255 clamp happens when a tile is read.
  options->eWorkingDataType = all_byte ? GDT_Byte : GDT_Float32;
  if (nodata) {
    options->padfSrcNoDataReal =
        static_cast<double*>(CPLMalloc(sizeof(double) * n));
    for (int i = 0; i < n; ++i) {
      int has = 0;
      const double value =
          source.GetRasterBand(source_bands[i])->GetNoDataValue(&has);
      // A band without nodata gets a value it cannot hold.
      options->padfSrcNoDataReal[i] = has ? value : -1e300;
    }
  }
  for (int band = 1; band <= source.GetRasterCount(); ++band) {
    if (source.GetRasterBand(band)->GetColorInterpretation() == GCI_AlphaBand) {
      options->nSrcAlphaBand = band;
      break;
    }
  }
  const int mask_flags =
      source.GetRasterBand(source_bands.front())->GetMaskFlags();
  grid.has_alpha = nodata || options->nSrcAlphaBand > 0 ||
                   (mask_flags & GMF_PER_DATASET) != 0;
  if (grid.has_alpha) options->nDstAlphaBand = n + 1;
  // Pixels no source pixel reaches are 0 (and alpha 0).
  options->papszWarpOptions =
      CSLSetNameValue(options->papszWarpOptions, "INIT_DEST", "0");
  options->pfnTransformer = GDALGenImgProjTransform;
  options->pTransformerArg = transformer;

  GDALDatasetH warped =
      GDALCreateWarpedVRT(GDALDataset::ToHandle(&source), int(grid.width),
                          int(grid.height), grid.transform.data(), options);
  // The VRT keeps a copy of the options and owns the transformer from here.
  GDALDestroyWarpOptions(options);
  if (warped == nullptr) {
    GDALDestroyGenImgProjTransformer(transformer);
    return absl::FailedPreconditionError(absl::StrCat(
        "image '", uri, "': cannot resample it: ", errors.Messages()));
  }
  GDALSetProjection(warped, target_wkt.c_str());
  grid.dataset.reset(GDALDataset::FromHandle(warped));

  // A transformer of our own, the same as the warp's, to tell which source
  // rows are behind the tiles (see FirstSourceRowStillNeeded).
  char** own_options = nullptr;
  if (reproject) {
    own_options = CSLSetNameValue(own_options, "DST_SRS", target_wkt.c_str());
  }
  void* own = GDALCreateGenImgProjTransformer2(GDALDataset::ToHandle(&source),
                                               nullptr, own_options);
  CSLDestroy(own_options);
  if (own != nullptr) {
    GDALSetGenImgProjTransformerDstGeoTransform(own, grid.transform.data());
    grid.source_rows.grid_to_source.reset(own,
                                          GDALDestroyGenImgProjTransformer);
  }
  // Downsampling widens the kernel by the ratio; Lanczos, the widest GDAL
  // offers here, reaches 3 pixels; 2 more for rounding.
  grid.source_rows.grid_width = grid.width;
  grid.source_rows.kernel_reach_px =
      3.0 * std::max(1.0, target_gsd_m / native_gsd_m) + 2.0;
  return grid;
}

int64_t FirstSourceRowStillNeeded(const SourceRowMap& map, int64_t grid_y) {
  if (map.grid_to_source == nullptr) return 0;
  // Points along the grid row, ends included: a reprojected row is a curve
  // in the source.
  constexpr int kPoints = 17;
  double x[kPoints], y[kPoints], z[kPoints] = {};
  int ok[kPoints] = {};
  for (int i = 0; i < kPoints; ++i) {
    x[i] = double(map.grid_width) * i / (kPoints - 1);
    y[i] = double(grid_y);
  }
  if (!GDALGenImgProjTransform(map.grid_to_source.get(), /*bDstToSrc=*/TRUE,
                               kPoints, x, y, z, ok)) {
    return 0;
  }
  double top = std::numeric_limits<double>::infinity();
  for (int i = 0; i < kPoints; ++i) {
    if (!ok[i]) return 0;
    top = std::min(top, y[i]);
  }
  const double first = std::floor(top - map.kernel_reach_px);
  return first > 0 ? static_cast<int64_t>(first) : 0;
}

}  // namespace campcount::plugins
