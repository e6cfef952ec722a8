#include "remote_manifest.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "campcount/plugin.h"
#include "remote_call.h"

namespace campcount::plugins::remote {

absl::StatusOr<campcount::v1::PluginManifest> DescribeRemote(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
    const RemoteOptions& options, const std::string& plugin_name) {
  RemoteOptions once = options;
  once.max_attempts = 1;
  once.deadline_seconds = std::min(options.deadline_seconds, 2.0);
  campcount::v1::PluginManifest manifest;
  // DescribeRequest is empty, so its wire form is no bytes at all.
  const campcount::v1::PluginConfig empty;
  absl::Status status =
      CallRemote(channel, absl::StrCat("/campcount.v1.", service, "/Describe"),
                 empty, &manifest, once,
                 absl::StrCat(plugin_name, ": Describe on ", options.address),
                 campcount::sdk::CallContext(nullptr));
  if (!status.ok()) return status;
  return manifest;
}

campcount::v1::PluginManifest MergeRemoteManifest(
    campcount::v1::PluginManifest local,
    const absl::StatusOr<campcount::v1::PluginManifest>& remote,
    const std::string& address) {
  if (!remote.ok()) {
    local.set_description(
        absl::StrCat("Remote at ", address,
                     "; it could not describe itself when the engine started (",
                     remote.status().message(), "). ", local.description()));
    return local;
  }
  const std::string remote_name =
      remote->name().empty() ? "unnamed" : remote->name();
  local.set_description(
      absl::StrCat("Remote '", remote_name, "' ", remote->version(), " at ",
                   address, " (through ", local.name(), " ", local.version(),
                   "): ", remote->description()));
  if (!remote->version().empty()) {
    local.set_version(absl::StrCat(remote_name, " ", remote->version()));
  }
  if (remote->tile_size_px() > 0)
    local.set_tile_size_px(remote->tile_size_px());
  if (remote->preferred_gsd_m() > 0) {
    local.set_preferred_gsd_m(remote->preferred_gsd_m());
  }
  if (remote->max_object_size_m() > 0) {
    local.set_max_object_size_m(remote->max_object_size_m());
  }
  if (remote->required_bands() > 0) {
    local.set_required_bands(remote->required_bands());
  }
  return local;
}

}  // namespace campcount::plugins::remote
