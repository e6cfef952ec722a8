// Typed access to a plugin's settings, checked against its manifest.
#ifndef CAMPCOUNT_PLUGIN_SETTINGS_H_
#define CAMPCOUNT_PLUGIN_SETTINGS_H_

#include <cstdlib>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "campcount/v1/plugin.pb.h"

namespace campcount::sdk {

// Declares one setting in a manifest's config list (name, type, default,
// what it does), as PluginSettings then reads it.
inline void AddConfigField(
    google::protobuf::RepeatedPtrField<campcount::v1::ConfigField>* fields,
    const std::string& name, const std::string& type,
    const std::string& default_value, const std::string& description) {
  campcount::v1::ConfigField* field = fields->Add();
  field->set_name(name);
  field->set_type(type);
  field->set_default_value(default_value);
  field->set_description(description);
}

// Reads settings from a PluginConfig, falling back to the manifest's
// defaults, and refuses names the manifest does not declare, so a typo in a
// config file is an error rather than a silently ignored setting.
class PluginSettings {
 public:
  static absl::StatusOr<PluginSettings> Make(
      const campcount::v1::PluginManifest& manifest,
      const campcount::v1::PluginConfig& config) {
    for (const auto& [name, value] : config.settings()) {
      if (Find(manifest, name) == nullptr) {
        std::string known;
        for (const auto& field : manifest.config()) {
          absl::StrAppend(&known, known.empty() ? "" : ", ", field.name());
        }
        return absl::InvalidArgumentError(
            absl::StrCat("plugin ", manifest.name(), ": unknown setting '",
                         name, "' (it accepts: ", known, ")"));
      }
    }
    return PluginSettings(manifest, config);
  }

  absl::StatusOr<double> GetDouble(const std::string& name) const {
    std::string text = Raw(name);
    double value = 0;
    if (!absl::SimpleAtod(text, &value)) {
      return Invalid(name, text, "a number");
    }
    return value;
  }

  absl::StatusOr<int> GetInt(const std::string& name) const {
    std::string text = Raw(name);
    int value = 0;
    if (!absl::SimpleAtoi(text, &value)) {
      return Invalid(name, text, "an integer");
    }
    return value;
  }

  absl::StatusOr<bool> GetBool(const std::string& name) const {
    std::string text = Raw(name);
    bool value = false;
    if (!absl::SimpleAtob(text, &value)) {
      return Invalid(name, text, "true or false");
    }
    return value;
  }

  std::string GetString(const std::string& name) const { return Raw(name); }

 private:
  PluginSettings(campcount::v1::PluginManifest manifest,
                 campcount::v1::PluginConfig config)
      : manifest_(std::move(manifest)), config_(std::move(config)) {}

  static const campcount::v1::ConfigField* Find(
      const campcount::v1::PluginManifest& manifest, const std::string& name) {
    for (const auto& field : manifest.config()) {
      if (field.name() == name) return &field;
    }
    return nullptr;
  }

  std::string Raw(const std::string& name) const {
    auto it = config_.settings().find(name);
    if (it != config_.settings().end()) return it->second;
    const campcount::v1::ConfigField* field = Find(manifest_, name);
    return field == nullptr ? std::string() : field->default_value();
  }

  absl::Status Invalid(const std::string& name, const std::string& text,
                       const char* expected) const {
    return absl::InvalidArgumentError(
        absl::StrCat("plugin ", manifest_.name(), ": setting '", name, "' = '",
                     text, "' is not ", expected));
  }

  campcount::v1::PluginManifest manifest_;
  campcount::v1::PluginConfig config_;
};

}  // namespace campcount::sdk

#endif  // CAMPCOUNT_PLUGIN_SETTINGS_H_
