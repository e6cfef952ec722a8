#include "remote_connection.h"

#include "absl/strings/str_cat.h"
#include "remote_channel.h"
#include "remote_manifest.h"

namespace campcount::plugins::remote {

absl::StatusOr<RemoteConnection> ConnectRemote(
    campcount::v1::PluginManifest manifest,
    const campcount::v1::PluginConfig& config, const std::string& service) {
  const std::string name = manifest.name();
  absl::StatusOr<RemoteOptions> options = ParseRemoteOptions(manifest, config);
  if (!options.ok()) return options.status();
  RemoteConnection connection;
  connection.options = *std::move(options);
  if (!connection.options.address.empty()) {
    auto made = MakeRemoteChannel(name, connection.options);
    if (!made.ok()) return made.status();
    connection.channel = *std::move(made);
    manifest = MergeRemoteManifest(
        std::move(manifest),
        DescribeRemote(connection.channel, service, connection.options, name),
        connection.options.address);
  }
  connection.manifest = std::move(manifest);
  return connection;
}

absl::Status NoAddressError(const std::string& plugin_name) {
  return absl::FailedPreconditionError(absl::StrCat(
      plugin_name, ": no address configured; set plugin_config { key: \"",
      plugin_name,
      "\" value { settings { key: \"address\" value: \"HOST:PORT\" } } } in "
      "campcountd's config"));
}

}  // namespace campcount::plugins::remote
