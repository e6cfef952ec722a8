// The bright_shelter detector's settings: declared for the manifest, read
// and checked from a PluginConfig.
#ifndef CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_BRIGHT_SHELTER_SETTINGS_H_
#define CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_BRIGHT_SHELTER_SETTINGS_H_

#include "absl/status/statusor.h"
#include "campcount/v1/plugin.pb.h"
#include "google/protobuf/repeated_field.h"
#include "shelter_segmentation.h"

namespace campcount::plugins {

// The settings as ConfigFields, defaults taken from BrightShelterParams.
google::protobuf::RepeatedPtrField<campcount::v1::ConfigField>
BrightShelterConfigFields();

// INVALID_ARGUMENT naming the setting when a value is unusable.
absl::StatusOr<BrightShelterParams> ParseBrightShelterSettings(
    const campcount::v1::PluginManifest& manifest,
    const campcount::v1::PluginConfig& config);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_BRIGHT_SHELTER_SETTINGS_H_
