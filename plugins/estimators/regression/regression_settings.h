// Settings shared by the regression estimators (and census_trend).
#ifndef CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_REGRESSION_SETTINGS_H_
#define CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_REGRESSION_SETTINGS_H_

#include "absl/status/statusor.h"
#include "campcount/v1/plugin.pb.h"
#include "google/protobuf/repeated_field.h"

namespace campcount::plugins {

struct RegressionSettings {
  // Probability the prediction interval is meant to cover.
  double interval_level = 0.95;
  // An image (or last survey) this many days from the target date warns.
  int max_days_to_target = 90;
  // Share of shelters scored within 0.1 above the threshold that warns.
  double near_threshold_warning_fraction = 0.3;
  // A census this close to the target date is compared with the interval
  // (a census above it hints at a shelter shortage).
  int census_match_days = 45;
};

google::protobuf::RepeatedPtrField<campcount::v1::ConfigField>
RegressionConfigFields();

// INVALID_ARGUMENT naming the setting when a value is out of range.
absl::StatusOr<RegressionSettings> ParseRegressionSettings(
    const campcount::v1::PluginManifest& manifest,
    const campcount::v1::PluginConfig& config);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_REGRESSION_SETTINGS_H_
