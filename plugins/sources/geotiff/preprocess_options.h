// What the geotiff source does to the pixels before they become tiles:
// resampling to a target GSD, clipping to the boundary plus a margin, a
// per-band percentile contrast stretch. Defaults come from the plugin's
// settings; an OpenSceneRequest overrides them field by field.
#ifndef CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_PREPROCESS_OPTIONS_H_
#define CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_PREPROCESS_OPTIONS_H_

#include <string>

#include "absl/status/statusor.h"
#include "campcount/plugin_settings.h"
#include "campcount/v1/source.pb.h"
#include "gdalwarper.h"

namespace campcount::plugins {

struct PreprocessOptions {
  // 0: keep the image's own grid (no resampling).
  double target_gsd_m = 0;
  double margin_m = 0;
  bool contrast_stretch = false;
  double stretch_low_percent = 2;
  double stretch_high_percent = 98;
  GDALResampleAlg resampling = GRA_Bilinear;
  std::string resampling_name = "bilinear";
};

// The plugin settings PreprocessOptions reads, for the manifest.
void AddPreprocessSettings(campcount::v1::PluginManifest* manifest);

// Defaults from the plugin's settings; INVALID_ARGUMENT naming the setting.
absl::StatusOr<PreprocessOptions> PreprocessDefaults(
    const campcount::sdk::PluginSettings& settings);

// `defaults` with the request's set fields on top; INVALID_ARGUMENT naming
// the field when a value is out of range (GSD <= 0, margin < 0, ...).
absl::StatusOr<PreprocessOptions> ResolvePreprocess(
    const PreprocessOptions& defaults,
    const campcount::v1::OpenSceneRequest& request);

// "bilinear" -> GRA_Bilinear, ...; INVALID_ARGUMENT listing the choices.
absl::StatusOr<GDALResampleAlg> ParseResampling(const std::string& name);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_PREPROCESS_OPTIONS_H_
