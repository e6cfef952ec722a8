#include "remote_channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace campcount::plugins::remote {
namespace {

// Tiles are large (a 512 px RGB tile is 768 KiB, and the engine sends them in
// batches), so gRPC's default 4 MiB receive limit is far too small.
constexpr int kMaxMessageBytes = 512 * 1024 * 1024;

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeRemoteChannel(
    const std::string& plugin_name, const RemoteOptions& options) {
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(kMaxMessageBytes);
  arguments.SetMaxSendMessageSize(kMaxMessageBytes);
  // Our own retry loop (with the plugin's backoff) decides about retries.
  arguments.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.tls) {
    grpc::SslCredentialsOptions ssl;
    if (!options.tls_root_cert.empty()) {
      std::ifstream file(options.tls_root_cert, std::ios::binary);
      std::ostringstream pem;
      pem << file.rdbuf();
      if (!file || pem.str().empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "plugin ", plugin_name, ": cannot read tls_root_cert '",
            options.tls_root_cert, "'"));
      }
      ssl.pem_root_certs = pem.str();
    }
    if (!options.tls_server_name.empty()) {
      arguments.SetSslTargetNameOverride(options.tls_server_name);
    }
    credentials = grpc::SslCredentials(ssl);
  } else {
    credentials = grpc::InsecureChannelCredentials();
  }
  return grpc::CreateCustomChannel(options.address, credentials, arguments);
}

}  // namespace campcount::plugins::remote
