// Settings shared by the remote plugins (remote_detector, remote_estimator):
// where the remote service is, how long to wait for it, how often to retry
// and whether to speak TLS.
#ifndef CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_OPTIONS_H_
#define CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_OPTIONS_H_

#include <string>

#include "absl/status/statusor.h"
#include "campcount/v1/plugin.pb.h"
#include "google/protobuf/repeated_field.h"

namespace campcount::plugins::remote {

struct RemoteOptions {
  // host:port of the Detector / Estimator gRPC service; empty: not set up.
  std::string address;
  // Per attempt; a remote slower than this is DEADLINE_EXCEEDED.
  double deadline_seconds = 30;
  // Attempts in all when the remote is UNAVAILABLE (1 = no retry).
  int max_attempts = 3;
  // Wait before the second attempt; doubles after each, up to the maximum.
  double initial_backoff_seconds = 0.2;
  double max_backoff_seconds = 2;
  bool tls = false;
  // PEM file of the root certificates to trust; empty: the system's.
  std::string tls_root_cert;
  // Name expected in the server's certificate when it differs from the host
  // in `address` (e.g. connecting by IP to a certificate for a name).
  std::string tls_server_name;
};

// The ConfigFields every remote plugin declares in its manifest.
google::protobuf::RepeatedPtrField<campcount::v1::ConfigField>
RemoteConfigFields(const std::string& kind);

// Reads and checks the settings; errors name the plugin and the setting.
absl::StatusOr<RemoteOptions> ParseRemoteOptions(
    const campcount::v1::PluginManifest& manifest,
    const campcount::v1::PluginConfig& config);

}  // namespace campcount::plugins::remote

#endif  // CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_OPTIONS_H_
