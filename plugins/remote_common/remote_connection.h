// What a remote plugin's Create does, the same for every kind: read its
// settings, open the channel, and overlay what the remote says about itself
// on the plugin's manifest.
#ifndef CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_CONNECTION_H_
#define CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_CONNECTION_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "campcount/v1/plugin.pb.h"
#include "remote_options.h"

namespace campcount::plugins::remote {

struct RemoteConnection {
  RemoteOptions options;
  campcount::v1::PluginManifest manifest;
  // Null when no address is configured: the plugin still loads, and each
  // call answers NoAddressError.
  std::shared_ptr<grpc::Channel> channel;
};

// `service` is the gRPC service's short name ("Detector", "Estimator").
absl::StatusOr<RemoteConnection> ConnectRemote(
    campcount::v1::PluginManifest manifest,
    const campcount::v1::PluginConfig& config, const std::string& service);

// FAILED_PRECONDITION saying how to set the plugin's address.
absl::Status NoAddressError(const std::string& plugin_name);

}  // namespace campcount::plugins::remote

#endif  // CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_CONNECTION_H_
