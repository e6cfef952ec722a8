#include "bright_shelter_settings.h"

#include <cmath>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "campcount/plugin_settings.h"

namespace campcount::plugins {
namespace {

// A double setting, the member it fills and the values it may take.
struct DoubleField {
  const char* name;
  double BrightShelterParams::*member;
  double min;
  double max;
  const char* description;
};

constexpr DoubleField kDoubleFields[] = {
    {"min_area_m2", &BrightShelterParams::min_area_m2, 0, 1e6,
     "Smallest shelter footprint in m²; smaller bright blobs (latrines, "
     "jerrycans, noise) are ignored."},
    {"max_area_m2", &BrightShelterParams::max_area_m2, 0, 1e6,
     "Largest shelter footprint in m²; larger bright areas (buildings, bare "
     "patches) are ignored."},
    {"min_rectangularity", &BrightShelterParams::min_rectangularity, 0, 1,
     "Blob area divided by the area of the smallest rotated rectangle around "
     "it; tents are close to 1, blotches lower."},
    {"max_elongation", &BrightShelterParams::max_elongation, 1, 100,
     "Long side divided by short side of that rectangle; family tents are "
     "squarish (1 to 2), bright tracks and fences much longer."},
    {"min_contrast", &BrightShelterParams::min_contrast, 0, 1,
     "How much brighter than the ground around it a shelter must be, as a "
     "fraction of the stretched 0-255 range; a floor under Otsu's threshold "
     "so that a tile with few or no shelters does not turn ground into "
     "shelters."},
    {"background_window_m", &BrightShelterParams::background_window_m, 1, 1000,
     "Width in metres of the window over which the brightness of the ground "
     "around a shelter is measured; a few times the largest shelter, so "
     "shelters do not raise it, small enough to follow changes in the soil."},
    {"stretch_low_percentile", &BrightShelterParams::stretch_low_percentile, 0,
     100,
     "Brightness percentile of a tile mapped to black by the contrast "
     "stretch."},
    {"stretch_high_percentile", &BrightShelterParams::stretch_high_percentile,
     0, 100,
     "Brightness percentile of a tile mapped to white by the contrast "
     "stretch."},
    {"min_stretch_range", &BrightShelterParams::min_stretch_range, 1, 255,
     "The stretch spreads at least this many grey levels over 0-255, so the "
     "noise of a flat or dark tile is not amplified into shelters."},
};

constexpr char kOpenKernel[] = "open_kernel_px";
constexpr int kMaxOpenKernel = 31;

absl::Status Invalid(const std::string& name, double value,
                     const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "plugin bright_shelter: setting '", name, "' = ", value, " ", why));
}

}  // namespace

google::protobuf::RepeatedPtrField<campcount::v1::ConfigField>
BrightShelterConfigFields() {
  const BrightShelterParams defaults;
  google::protobuf::RepeatedPtrField<campcount::v1::ConfigField> fields;
  for (const DoubleField& f : kDoubleFields) {
    campcount::v1::ConfigField* field = fields.Add();
    field->set_name(f.name);
    field->set_type("double");
    field->set_default_value(absl::StrCat(defaults.*f.member));
    field->set_description(f.description);
  }
  campcount::v1::ConfigField* field = fields.Add();
  field->set_name(kOpenKernel);
  field->set_type("int");
  field->set_default_value(absl::StrCat(defaults.open_kernel_px));
  field->set_description(
      "Size in pixels of the morphological opening that removes specks and "
      "splits blobs joined by thin bridges; 0 or 1 turns it off.");
  return fields;
}

absl::StatusOr<BrightShelterParams> ParseBrightShelterSettings(
    const campcount::v1::PluginManifest& manifest,
    const campcount::v1::PluginConfig& config) {
  absl::StatusOr<campcount::sdk::PluginSettings> settings =
      campcount::sdk::PluginSettings::Make(manifest, config);
  if (!settings.ok()) return settings.status();
  BrightShelterParams params;
  for (const DoubleField& f : kDoubleFields) {
    absl::StatusOr<double> value = settings->GetDouble(f.name);
    if (!value.ok()) return value.status();
    if (!(*value >= f.min && *value <= f.max)) {  // Also refuses NaN.
      return Invalid(f.name, *value,
                     absl::StrCat("must lie between ", f.min, " and ", f.max));
    }
    params.*f.member = *value;
  }
  absl::StatusOr<int> kernel = settings->GetInt(kOpenKernel);
  if (!kernel.ok()) return kernel.status();
  if (*kernel < 0 || *kernel > kMaxOpenKernel) {
    return Invalid(kOpenKernel, *kernel,
                   absl::StrCat("must lie between 0 and ", kMaxOpenKernel));
  }
  params.open_kernel_px = *kernel;
  if (params.min_area_m2 >= params.max_area_m2) {
    return Invalid("min_area_m2", params.min_area_m2,
                   absl::StrCat("must be smaller than max_area_m2 = ",
                                params.max_area_m2));
  }
  if (params.stretch_low_percentile >= params.stretch_high_percentile) {
    return Invalid(
        "stretch_low_percentile", params.stretch_low_percentile,
        absl::StrCat("must be smaller than stretch_high_percentile = ",
                     params.stretch_high_percentile));
  }
  return params;
}

}  // namespace campcount::plugins
