// The gRPC channel to a remote plugin service, plain text or TLS.
#ifndef CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_CHANNEL_H_
#define CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_CHANNEL_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "remote_options.h"

namespace campcount::plugins::remote {

// Creates the channel (it connects lazily, so a remote that is not up yet is
// not an error here). Fails when the TLS root certificate cannot be read.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeRemoteChannel(
    const std::string& plugin_name, const RemoteOptions& options);

}  // namespace campcount::plugins::remote

#endif  // CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_CHANNEL_H_
