// The assumptions of the shelter_count estimator, which a partner can change
// in the plugin's settings (humanitarian standards are data, not code).
#ifndef CAMPCOUNT_PLUGINS_ESTIMATORS_SHELTER_COUNT_SHELTER_COUNT_SETTINGS_H_
#define CAMPCOUNT_PLUGINS_ESTIMATORS_SHELTER_COUNT_SHELTER_COUNT_SETTINGS_H_

#include "absl/status/statusor.h"
#include "campcount/v1/plugin.pb.h"
#include "google/protobuf/repeated_field.h"

namespace campcount::plugins {

struct ShelterCountSettings {
  // A standard family tent (~16 m^2) houses 5 people.
  double persons_per_shelter = 5;
  double min_persons_per_shelter = 4;
  double max_persons_per_shelter = 6;
  // Planning standard: 30-45 m^2 of camp per person; less is a warning.
  double min_camp_area_per_person_m2 = 30;
  // An image older (or newer) than this many days is a warning.
  int max_days_to_target = 90;
  // Warn when more than this share of shelters scored just above the
  // threshold (within 0.1).
  double near_threshold_warning_fraction = 0.3;
};

// The settings as ConfigFields for the manifest, with defaults from above.
google::protobuf::RepeatedPtrField<campcount::v1::ConfigField>
ShelterCountConfigFields();

// Reads and checks the settings; INVALID_ARGUMENT naming the setting when a
// value is missing its mark (e.g. min_persons_per_shelter >
// persons_per_shelter).
absl::StatusOr<ShelterCountSettings> ParseShelterCountSettings(
    const campcount::v1::PluginManifest& manifest,
    const campcount::v1::PluginConfig& config);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_ESTIMATORS_SHELTER_COUNT_SHELTER_COUNT_SETTINGS_H_
