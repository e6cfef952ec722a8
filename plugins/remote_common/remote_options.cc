#include "remote_options.h"

#include "absl/strings/str_cat.h"
#include "campcount/plugin_settings.h"

namespace campcount::plugins::remote {
namespace {

campcount::v1::ConfigField Field(const char* name, const char* type,
                                 const std::string& default_value,
                                 const std::string& description) {
  campcount::v1::ConfigField field;
  field.set_name(name);
  field.set_type(type);
  field.set_default_value(default_value);
  field.set_description(description);
  return field;
}

absl::Status OutOfRange(const campcount::v1::PluginManifest& manifest,
                        const char* name, double value, const char* range) {
  return absl::InvalidArgumentError(
      absl::StrCat("plugin ", manifest.name(), ": setting '", name,
                   "' = ", value, " must be ", range));
}

}  // namespace

google::protobuf::RepeatedPtrField<campcount::v1::ConfigField>
RemoteConfigFields(const std::string& kind) {
  google::protobuf::RepeatedPtrField<campcount::v1::ConfigField> fields;
  *fields.Add() =
      Field("address", "string", "",
            absl::StrCat("host:port of the campcount.v1.", kind,
                         " gRPC service to call. Empty: every call fails with "
                         "FAILED_PRECONDITION until it is set."));
  *fields.Add() =
      Field("deadline_seconds", "double", "30",
            "Time one attempt may take; a slower remote fails the request "
            "with DEADLINE_EXCEEDED.");
  *fields.Add() =
      Field("max_attempts", "int", "3",
            "Attempts in all while the remote is UNAVAILABLE (down, "
            "restarting); other errors are not retried.");
  *fields.Add() = Field("initial_backoff_seconds", "double", "0.2",
                        "Wait before the second attempt; it doubles after "
                        "each attempt up to max_backoff_seconds.");
  *fields.Add() = Field("max_backoff_seconds", "double", "2",
                        "Longest wait between two attempts.");
  *fields.Add() =
      Field("tls", "bool", "false", "Connect with TLS instead of plain text.");
  *fields.Add() = Field("tls_root_cert", "string", "",
                        "PEM file of the root certificates to trust (TLS "
                        "only); empty: the system's roots.");
  *fields.Add() =
      Field("tls_server_name", "string", "",
            "Name to expect in the server's certificate when it differs from "
            "the host in address (TLS only).");
  return fields;
}

absl::StatusOr<RemoteOptions> ParseRemoteOptions(
    const campcount::v1::PluginManifest& manifest,
    const campcount::v1::PluginConfig& config) {
  absl::StatusOr<campcount::sdk::PluginSettings> settings =
      campcount::sdk::PluginSettings::Make(manifest, config);
  if (!settings.ok()) return settings.status();
  RemoteOptions options;
  options.address = settings->GetString("address");
  options.tls_root_cert = settings->GetString("tls_root_cert");
  options.tls_server_name = settings->GetString("tls_server_name");
  absl::StatusOr<double> deadline = settings->GetDouble("deadline_seconds");
  absl::StatusOr<int> attempts = settings->GetInt("max_attempts");
  absl::StatusOr<double> initial_backoff =
      settings->GetDouble("initial_backoff_seconds");
  absl::StatusOr<double> max_backoff =
      settings->GetDouble("max_backoff_seconds");
  absl::StatusOr<bool> tls = settings->GetBool("tls");
  for (const absl::Status& status :
       {deadline.status(), attempts.status(), initial_backoff.status(),
        max_backoff.status(), tls.status()}) {
    if (!status.ok()) return status;
  }
  options.deadline_seconds = *deadline;
  options.max_attempts = *attempts;
  options.initial_backoff_seconds = *initial_backoff;
  options.max_backoff_seconds = *max_backoff;
  options.tls = *tls;
  if (!(options.deadline_seconds > 0 && options.deadline_seconds <= 3600)) {
    return OutOfRange(manifest, "deadline_seconds", options.deadline_seconds,
                      "in (0, 3600]");
  }
  if (options.max_attempts < 1 || options.max_attempts > 10) {
    return OutOfRange(manifest, "max_attempts", options.max_attempts,
                      "1 to 10");
  }
  if (!(options.initial_backoff_seconds >= 0 &&
        options.initial_backoff_seconds <= 60)) {
    return OutOfRange(manifest, "initial_backoff_seconds",
                      options.initial_backoff_seconds, "in [0, 60]");
  }
  if (!(options.max_backoff_seconds >= options.initial_backoff_seconds &&
        options.max_backoff_seconds <= 600)) {
    return OutOfRange(manifest, "max_backoff_seconds",
                      options.max_backoff_seconds,
                      "at least initial_backoff_seconds and at most 600");
  }
  if (!options.tls &&
      (!options.tls_root_cert.empty() || !options.tls_server_name.empty())) {
    return absl::InvalidArgumentError(
        absl::StrCat("plugin ", manifest.name(),
                     ": tls_root_cert / tls_server_name are set but tls is "
                     "false; set tls: \"true\" to use them"));
  }
  return options;
}

}  // namespace campcount::plugins::remote
