#include "shelter_count_settings.h"

#include <cmath>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "campcount/plugin_settings.h"

namespace campcount::plugins {
namespace {

absl::Status Invalid(const std::string& name, double value,
                     const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "plugin shelter_count: setting '", name, "' = ", value, " ", why));
}

}  // namespace

google::protobuf::RepeatedPtrField<campcount::v1::ConfigField>
ShelterCountConfigFields() {
  google::protobuf::RepeatedPtrField<campcount::v1::ConfigField> fields;
  sdk::AddConfigField(
      &fields, "persons_per_shelter", "double", "5",
      "People living in one shelter; a standard family tent of about "
      "16 m² houses 5.");
  sdk::AddConfigField(
      &fields, "min_persons_per_shelter", "double", "4",
      "Fewest people per shelter considered plausible; the lower end of "
      "the range reported with the estimate.");
  sdk::AddConfigField(
      &fields, "max_persons_per_shelter", "double", "6",
      "Most people per shelter considered plausible; the upper end of "
      "the range reported with the estimate.");
  sdk::AddConfigField(
      &fields, "min_camp_area_per_person_m2", "double", "30",
      "Camp area per person below which the estimate warns (planning "
      "standard: 30–45 m² per person).");
  sdk::AddConfigField(
      &fields, "max_days_to_target", "int", "90",
      "Days between the image and the target date beyond which the "
      "estimate warns that the camp may have changed.");
  sdk::AddConfigField(
      &fields, "near_threshold_warning_fraction", "double", "0.3",
      "Share of shelters scored within 0.1 above the score threshold "
      "beyond which the estimate warns the count depends on the "
      "threshold.");
  return fields;
}

absl::StatusOr<ShelterCountSettings> ParseShelterCountSettings(
    const campcount::v1::PluginManifest& manifest,
    const campcount::v1::PluginConfig& config) {
  absl::StatusOr<campcount::sdk::PluginSettings> settings =
      campcount::sdk::PluginSettings::Make(manifest, config);
  if (!settings.ok()) return settings.status();
  ShelterCountSettings out;
  struct {
    const char* name;
    double* value;
  } doubles[] = {
      {"persons_per_shelter", &out.persons_per_shelter},
      {"min_persons_per_shelter", &out.min_persons_per_shelter},
      {"max_persons_per_shelter", &out.max_persons_per_shelter},
      {"min_camp_area_per_person_m2", &out.min_camp_area_per_person_m2},
      {"near_threshold_warning_fraction", &out.near_threshold_warning_fraction},
  };
  for (const auto& [name, value] : doubles) {
    absl::StatusOr<double> parsed = settings->GetDouble(name);
    if (!parsed.ok()) return parsed.status();
    if (!std::isfinite(*parsed)) {
      return Invalid(name, *parsed, "is not a finite number");
    }
    *value = *parsed;
  }
  absl::StatusOr<int> days = settings->GetInt("max_days_to_target");
  if (!days.ok()) return days.status();
  out.max_days_to_target = *days;

  for (const auto& [name, value] :
       {std::pair{"persons_per_shelter", out.persons_per_shelter},
        {"min_persons_per_shelter", out.min_persons_per_shelter},
        {"max_persons_per_shelter", out.max_persons_per_shelter}}) {
    if (!(value > 0)) return Invalid(name, value, "must be positive");
  }
  if (out.min_persons_per_shelter > out.persons_per_shelter) {
    return Invalid("min_persons_per_shelter", out.min_persons_per_shelter,
                   absl::StrCat("is larger than persons_per_shelter = ",
                                out.persons_per_shelter));
  }
  if (out.persons_per_shelter > out.max_persons_per_shelter) {
    return Invalid("max_persons_per_shelter", out.max_persons_per_shelter,
                   absl::StrCat("is smaller than persons_per_shelter = ",
                                out.persons_per_shelter));
  }
  if (out.min_camp_area_per_person_m2 < 0) {
    return Invalid("min_camp_area_per_person_m2",
                   out.min_camp_area_per_person_m2, "cannot be negative");
  }
  if (out.max_days_to_target < 0) {
    return Invalid("max_days_to_target", out.max_days_to_target,
                   "cannot be negative");
  }
  if (out.near_threshold_warning_fraction < 0 ||
      out.near_threshold_warning_fraction > 1) {
    return Invalid("near_threshold_warning_fraction",
                   out.near_threshold_warning_fraction,
                   "must lie between 0 and 1");
  }
  return out;
}

}  // namespace campcount::plugins
