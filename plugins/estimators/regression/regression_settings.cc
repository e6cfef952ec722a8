#include "regression_settings.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "campcount/plugin_settings.h"

namespace campcount::plugins {
namespace {

absl::Status OutOfRange(const campcount::v1::PluginManifest& manifest,
                        const std::string& name, double value,
                        const std::string& range) {
  return absl::InvalidArgumentError(
      absl::StrCat("plugin ", manifest.name(), ": setting '", name,
                   "' = ", value, " must be ", range));
}

}  // namespace

google::protobuf::RepeatedPtrField<campcount::v1::ConfigField>
RegressionConfigFields() {
  google::protobuf::RepeatedPtrField<campcount::v1::ConfigField> fields;
  sdk::AddConfigField(&fields, "interval_level", "double", "0.95",
                      "Probability the prediction interval is meant to cover.");
  sdk::AddConfigField(
      &fields, "max_days_to_target", "int", "90",
      "Days between the image (or last survey) and the target date "
      "beyond which the estimate warns that the camp may have changed.");
  sdk::AddConfigField(
      &fields, "near_threshold_warning_fraction", "double", "0.3",
      "Share of shelters scored within 0.1 above the score threshold "
      "beyond which the estimate warns the count depends on the "
      "threshold.");
  sdk::AddConfigField(
      &fields, "census_match_days", "int", "45",
      "A census this many days or fewer from the target date is "
      "compared with the interval; above it hints at a shelter "
      "shortage.");
  return fields;
}

absl::StatusOr<RegressionSettings> ParseRegressionSettings(
    const campcount::v1::PluginManifest& manifest,
    const campcount::v1::PluginConfig& config) {
  auto settings = campcount::sdk::PluginSettings::Make(manifest, config);
  if (!settings.ok()) return settings.status();
  RegressionSettings out;
  auto level = settings->GetDouble("interval_level");
  if (!level.ok()) return level.status();
  if (!(*level > 0 && *level < 1)) {
    return OutOfRange(manifest, "interval_level", *level,
                      "between 0 and 1 (e.g. 0.95)");
  }
  out.interval_level = *level;
  auto days = settings->GetInt("max_days_to_target");
  if (!days.ok()) return days.status();
  if (*days < 0)
    return OutOfRange(manifest, "max_days_to_target", *days, ">= 0");
  out.max_days_to_target = *days;
  auto fraction = settings->GetDouble("near_threshold_warning_fraction");
  if (!fraction.ok()) return fraction.status();
  if (!(*fraction >= 0 && *fraction <= 1)) {
    return OutOfRange(manifest, "near_threshold_warning_fraction", *fraction,
                      "between 0 and 1");
  }
  out.near_threshold_warning_fraction = *fraction;
  auto match = settings->GetInt("census_match_days");
  if (!match.ok()) return match.status();
  if (*match < 0)
    return OutOfRange(manifest, "census_match_days", *match, ">= 0");
  out.census_match_days = *match;
  return out;
}

}  // namespace campcount::plugins
