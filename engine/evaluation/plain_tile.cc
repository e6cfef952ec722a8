#include "plain_tile.h"

#include <gdal_priv.h>
#include <gdal_utils.h>

#include <cmath>
#include <filesystem>
#include <mutex>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace campcount::evaluation {
namespace {

// The nominal frame: UTM zone 33N (EPSG:32633), a false origin well inside
// the zone. Any metric CRS would do; this one is where the synthetic camps
// lie, so the engine's checks see ordinary numbers.
constexpr char kNominalCrs[] = "EPSG:32633";
constexpr double kOriginX = 500000.0;
constexpr double kOriginY = 1000000.0;

}  // namespace

bool IsPlainTileName(const std::string& path) {
  const std::string extension =
      absl::AsciiStrToLower(std::filesystem::path(path).extension().string());
  return extension == ".png" || extension == ".jpg" || extension == ".jpeg";
}

absl::Status WriteNominalGeoreferenceVrt(const std::string& tile_path,
                                         double gsd_m,
                                         const std::string& vrt_path) {
  if (!(gsd_m > 0) || !std::isfinite(gsd_m)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the ground sample distance for '", tile_path,
        "' must be a positive number of metres per pixel, got ", gsd_m));
  }
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetUniquePtr tile(
      GDALDataset::Open(tile_path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  CPLPopErrorHandler();
  if (tile == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", tile_path,
        "' is not an image GDAL can read: ", CPLGetLastErrorMsg()));
  }
  const double width_m = tile->GetRasterXSize() * gsd_m;
  const double height_m = tile->GetRasterYSize() * gsd_m;
  std::vector<std::string> args = {
      "-of",
      "VRT",
      "-a_srs",
      kNominalCrs,
      "-a_ullr",
      absl::StrFormat("%.6f", kOriginX),
      absl::StrFormat("%.6f", kOriginY),
      absl::StrFormat("%.6f", kOriginX + width_m),
      absl::StrFormat("%.6f", kOriginY - height_m)};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  GDALTranslateOptions* options = GDALTranslateOptionsNew(argv.data(), nullptr);
  int usage_error = 0;
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetH vrt =
      GDALTranslate(vrt_path.c_str(), tile.get(), options, &usage_error);
  CPLPopErrorHandler();
  GDALTranslateOptionsFree(options);
  if (vrt == nullptr) {
    return absl::InternalError(
        absl::StrCat("cannot write '", vrt_path, "': ", CPLGetLastErrorMsg()));
  }
  GDALClose(vrt);
  return absl::OkStatus();
}

}  // namespace campcount::evaluation
