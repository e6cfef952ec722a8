#include "preprocess_options.h"

#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace campcount::plugins {
namespace {

constexpr std::pair<const char*, GDALResampleAlg> kResampling[] = {
    {"bilinear", GRA_Bilinear},
    {"cubic", GRA_Cubic},
    {"lanczos", GRA_Lanczos},
    {"average", GRA_Average},
    {"nearest", GRA_NearestNeighbour}};

void AddSetting(campcount::v1::PluginManifest* manifest, const char* name,
                const char* type, const char* default_value,
                const char* description) {
  auto* field = manifest->add_config();
  field->set_name(name);
  field->set_type(type);
  field->set_default_value(default_value);
  field->set_description(description);
}

absl::Status CheckPercentiles(const char* where, double low, double high) {
  if (!(low >= 0 && high <= 100 && low < high)) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": stretch percentiles ", low, " and ", high,
                     " must satisfy 0 <= low < high <= 100"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<GDALResampleAlg> ParseResampling(const std::string& name) {
  const std::string lower = absl::AsciiStrToLower(name);
  std::string choices;
  for (const auto& [known, alg] : kResampling) {
    if (lower == known) return alg;
    absl::StrAppend(&choices, choices.empty() ? "" : ", ", known);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("resampling '", name, "' is not one of: ", choices));
}

void AddPreprocessSettings(campcount::v1::PluginManifest* manifest) {
  AddSetting(manifest, "margin_m", "double", "0",
             "Metres around the camp boundary that are read as well "
             "(context for shelters on the edge, room for growth); a request's "
             "margin_m overrides it.");
  AddSetting(manifest, "contrast_stretch", "bool", "false",
             "Stretch each band between two percentiles to 0-255 (computed "
             "from a sample of the clipped area; nodata left out); a "
             "request's contrast_stretch overrides it.");
  AddSetting(manifest, "stretch_low_percent", "double", "2",
             "Percentile mapped to 0 by the contrast stretch.");
  AddSetting(manifest, "stretch_high_percent", "double", "98",
             "Percentile mapped to 255 by the contrast stretch.");
  AddSetting(manifest, "resampling", "string", "bilinear",
             "GDAL resampling when a target GSD is asked for: bilinear, "
             "cubic, lanczos, average or nearest.");
}

absl::StatusOr<PreprocessOptions> PreprocessDefaults(
    const campcount::sdk::PluginSettings& settings) {
  PreprocessOptions options;
  absl::StatusOr<double> margin = settings.GetDouble("margin_m");
  if (!margin.ok()) return margin.status();
  absl::StatusOr<bool> stretch = settings.GetBool("contrast_stretch");
  if (!stretch.ok()) return stretch.status();
  absl::StatusOr<double> low = settings.GetDouble("stretch_low_percent");
  if (!low.ok()) return low.status();
  absl::StatusOr<double> high = settings.GetDouble("stretch_high_percent");
  if (!high.ok()) return high.status();
  if (!(*margin >= 0) || !std::isfinite(*margin)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "plugin geotiff: setting 'margin_m' = ", *margin, " must be >= 0"));
  }
  absl::Status percentiles = CheckPercentiles(
      "plugin geotiff: settings 'stretch_low_percent', "
      "'stretch_high_percent'",
      *low, *high);
  if (!percentiles.ok()) return percentiles;
  options.resampling_name = settings.GetString("resampling");
  absl::StatusOr<GDALResampleAlg> alg =
      ParseResampling(options.resampling_name);
  if (!alg.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("plugin geotiff: setting ", alg.status().message()));
  }
  options.margin_m = *margin;
  options.contrast_stretch = *stretch;
  options.stretch_low_percent = *low;
  options.stretch_high_percent = *high;
  options.resampling = *alg;
  options.resampling_name = absl::AsciiStrToLower(options.resampling_name);
  return options;
}

absl::StatusOr<PreprocessOptions> ResolvePreprocess(
    const PreprocessOptions& defaults,
    const campcount::v1::OpenSceneRequest& request) {
  PreprocessOptions options = defaults;
  if (request.has_target_gsd_m()) {
    // NaN fails "> 0" too.
    if (!(request.target_gsd_m() > 0) ||
        !std::isfinite(request.target_gsd_m())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "target_gsd_m = ", request.target_gsd_m(),
          " is not a ground sample distance (must be > 0 metres per pixel)"));
    }
    options.target_gsd_m = request.target_gsd_m();
  }
  if (request.has_margin_m()) {
    if (!(request.margin_m() >= 0) || !std::isfinite(request.margin_m())) {
      return absl::InvalidArgumentError(
          absl::StrCat("margin_m = ", request.margin_m(), " must be >= 0"));
    }
    options.margin_m = request.margin_m();
  }
  if (request.has_contrast_stretch()) {
    options.contrast_stretch = request.contrast_stretch();
  }
  if (request.has_stretch_low_percent()) {
    options.stretch_low_percent = request.stretch_low_percent();
  }
  if (request.has_stretch_high_percent()) {
    options.stretch_high_percent = request.stretch_high_percent();
  }
  absl::Status percentiles = CheckPercentiles(
      "stretch_low_percent / stretch_high_percent", options.stretch_low_percent,
      options.stretch_high_percent);
  if (!percentiles.ok()) return percentiles;
  if (!request.resampling().empty()) {
    absl::StatusOr<GDALResampleAlg> alg = ParseResampling(request.resampling());
    if (!alg.ok()) return alg.status();
    options.resampling = *alg;
    options.resampling_name = absl::AsciiStrToLower(request.resampling());
  }
  return options;
}

}  // namespace campcount::plugins
