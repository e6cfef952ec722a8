#include "connection.h"

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "campcount/v1/config.pb.h"

namespace campcount::cli {

std::vector<FlagSpec> ConnectionFlags() {
  return {{.name = "server", .takes_value = true},
          {.name = "plugin-dir", .takes_value = true, .repeatable = true},
          {.name = "model-repository", .takes_value = true}};
}

absl::StatusOr<ConnectOptions> ConnectOptionsFromArgs(const ParsedArgs& args) {
  ConnectOptions options;
  options.server = args.Get("server").value_or("");
  options.plugin_dirs = args.GetAll("plugin-dir");
  options.model_repository = args.Get("model-repository").value_or("");
  if (args.Has("server") && options.server.empty()) {
    return absl::InvalidArgumentError("--server needs a host:port");
  }
  if (!options.server.empty() && !options.plugin_dirs.empty()) {
    return absl::InvalidArgumentError(
        "--plugin-dir only applies to the in-process engine; campcountd "
        "loads the plugins of its own configuration");
  }
  return options;
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(
    const ConnectOptions& options) {
  std::unique_ptr<Connection> connection(new Connection());
  std::string address = options.server;
  if (address.empty()) {
    campcount::v1::ServerConfig config;
    config.set_listen_address("127.0.0.1:0");
    const std::vector<std::string> dirs = options.plugin_dirs.empty()
                                              ? server::DefaultPluginDirs()
                                              : options.plugin_dirs;
    for (const std::string& dir : dirs) config.add_plugin_dirs(dir);
    config.set_model_repository(options.model_repository);
    absl::StatusOr<std::unique_ptr<server::EngineServer>> engine =
        server::EngineServer::Start(server::WithDefaults(config));
    if (!engine.ok()) {
      return absl::Status(engine.status().code(),
                          absl::StrCat("cannot start the in-process engine: ",
                                       engine.status().message()));
    }
    connection->server_ = std::move(engine).value();
    address = connection->server_->address();
    connection->description_ = "in-process engine";
  } else {
    connection->description_ = absl::StrCat("campcountd at ", address);
  }
  grpc::ChannelArguments args;
  // Detection batches of a large camp can exceed gRPC's 4 MB default.
  args.SetMaxReceiveMessageSize(-1);
  connection->stub_ =
      campcount::v1::CampCount::NewStub(grpc::CreateCustomChannel(
          address, grpc::InsecureChannelCredentials(), args));
  return connection;
}

Connection::~Connection() {
  stub_.reset();
  if (server_ != nullptr) server_->Shutdown();
}

absl::Status FromGrpc(const grpc::Status& status,
                      const Connection& connection) {
  if (status.ok()) return absl::OkStatus();
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  if (code == absl::StatusCode::kUnavailable && !connection.in_process()) {
    return absl::UnavailableError(absl::StrCat("cannot reach ",
                                               connection.description(),
                                               " (is it "
                                               "running?): ",
                                               status.error_message()));
  }
  return absl::Status(code, status.error_message());
}

}  // namespace campcount::cli
