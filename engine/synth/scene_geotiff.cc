#include "scene_geotiff.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace campcount::synth {
namespace {

// Rows rendered and written at once: a multiple of the 256 px block edge so
// every strip fills whole blocks and GDAL can flush them right away.
constexpr int kStripRows = 512;

struct GdalDatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};

absl::Status GdalError(const std::string& what) {
  const char* msg = CPLGetLastErrorMsg();
  return absl::InternalError(absl::StrCat(
      what, (msg != nullptr && *msg != '\0') ? absl::StrCat(": ", msg) : ""));
}

absl::Status Write(const SceneRenderer& renderer, const CampSpec& spec,
                   const std::string& path) {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (driver == nullptr) return GdalError("GDAL has no GTiff driver");
  char** options = nullptr;
  options = CSLSetNameValue(options, "TILED", "YES");
  options = CSLSetNameValue(options, "BLOCKXSIZE", "256");
  options = CSLSetNameValue(options, "BLOCKYSIZE", "256");
  options = CSLSetNameValue(options, "COMPRESS", "DEFLATE");
  // Fast compression: the dataset is rewritten far more often than read.
  options = CSLSetNameValue(options, "ZLEVEL", "3");
  options = CSLSetNameValue(options, "PREDICTOR", "2");
  options = CSLSetNameValue(options, "PHOTOMETRIC", "RGB");
  std::unique_ptr<GDALDataset, GdalDatasetCloser> ds(
      driver->Create(path.c_str(), renderer.width_px(), renderer.height_px(), 3,
                     GDT_Byte, options));
  CSLDestroy(options);
  if (ds == nullptr) return GdalError(absl::StrCat("cannot create ", path));
  const double gsd = spec.gsd_m;
  double gt[6] = {spec.origin_x, gsd, 0.0, spec.origin_y, 0.0, -gsd};
  OGRSpatialReference srs;
  srs.importFromEPSG(spec.epsg);
  if (ds->SetGeoTransform(gt) != CE_None ||
      ds->SetSpatialRef(&srs) != CE_None) {
    return GdalError(absl::StrCat("cannot georeference ", path));
  }
  const ImagingConditions& c = renderer.conditions();
  ds->SetMetadataItem("ACQUISITION_DATE", c.date.c_str());
  ds->SetMetadataItem(
      "TIFFTAG_DATETIME",
      absl::StrCat(absl::StrReplaceAll(c.date, {{"-", ":"}}), " 10:30:00")
          .c_str());
  ds->SetMetadataItem("TIFFTAG_SOFTWARE", "campcount synth");
  ds->SetMetadataItem("TIFFTAG_IMAGEDESCRIPTION",
                      absl::StrCat("Synthetic camp ", spec.site_id, " (seed ",
                                   spec.dataset_seed, "); not real imagery")
                          .c_str());
  for (int64_t y0 = 0; y0 < renderer.height_px(); y0 += kStripRows) {
    const int rows = static_cast<int>(
        std::min<int64_t>(kStripRows, renderer.height_px() - y0));
    absl::StatusOr<cv::Mat> strip =
        renderer.Render(0, y0, renderer.width_px(), rows);
    if (!strip.ok()) return strip.status();
    if (ds->RasterIO(GF_Write, 0, static_cast<int>(y0), strip->cols, rows,
                     strip->data, strip->cols, rows, GDT_Byte, 3, nullptr, 3,
                     static_cast<GSpacing>(strip->step[0]), 1,
                     nullptr) != CE_None) {
      return GdalError(absl::StrCat("cannot write ", path));
    }
    ds->FlushCache(false);
    if (CPLGetLastErrorType() >= CE_Failure) {
      return GdalError(absl::StrCat("cannot write ", path));
    }
  }
  ds.reset();
  if (CPLGetLastErrorType() >= CE_Failure) {
    return GdalError(absl::StrCat("cannot finish ", path));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteSceneGeoTiff(const SceneRenderer& renderer,
                               const CampSpec& spec, const std::string& path) {
  // GDAL keeps its error state per thread: images may be written in
  // parallel.
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
  const std::string partial = path + ".partial";
  absl::Status status = Write(renderer, spec, partial);
  CPLPopErrorHandler();
  if (status.ok() && std::rename(partial.c_str(), path.c_str()) != 0) {
    status = absl::PermissionDeniedError(
        absl::StrCat("cannot rename ", partial, " to ", path));
  }
  if (!status.ok()) std::remove(partial.c_str());
  return status;
}

}  // namespace campcount::synth
