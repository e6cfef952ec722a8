// The manifest a remote plugin instance reports: its own, overlaid with what
// the remote service says about itself (Describe), so `campcount plugins`
// and every estimate's explanation name the model actually used.
#ifndef CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_MANIFEST_H_
#define CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_MANIFEST_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "campcount/v1/plugin.pb.h"
#include "remote_options.h"

namespace campcount::plugins::remote {

// Calls `service`'s Describe once (no retries, at most 2 s): used when the
// engine creates the plugin, which must not wait long for a remote that is
// not up yet.
absl::StatusOr<campcount::v1::PluginManifest> DescribeRemote(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
    const RemoteOptions& options, const std::string& plugin_name);

// `local` with the remote's version, description and detector geometry
// (tile size, GSD, largest object, bands) when `remote` is known; otherwise
// `local` with a description saying why the remote's is missing.
campcount::v1::PluginManifest MergeRemoteManifest(
    campcount::v1::PluginManifest local,
    const absl::StatusOr<campcount::v1::PluginManifest>& remote,
    const std::string& address);

}  // namespace campcount::plugins::remote

#endif  // CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_MANIFEST_H_
