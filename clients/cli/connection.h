// How the CLI reaches an engine: a running campcountd (--server ADDR), or
// one started in this process on a free loopback port, so `campcount` works
// on a laptop with no daemon. Either way the CLI talks gRPC to it.
#ifndef CAMPCOUNT_CLIENTS_CLI_CONNECTION_H_
#define CAMPCOUNT_CLIENTS_CLI_CONNECTION_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "campcount/v1/service.grpc.pb.h"
#include "command_line.h"
#include "engine_server.h"

namespace campcount::cli {

struct ConnectOptions {
  // host:port of a running campcountd; empty: start an engine in-process.
  std::string server;
  // Plugin directories of the in-process engine; empty: its defaults.
  std::vector<std::string> plugin_dirs;
  // Model repository of the in-process engine; empty: its default.
  std::string model_repository;
};

// --server ADDR, --plugin-dir DIR (repeatable) and --model-repository DIR,
// shared by the commands
// that talk to an engine.
std::vector<FlagSpec> ConnectionFlags();
// Fails when --plugin-dir is given with --server (it would be ignored).
absl::StatusOr<ConnectOptions> ConnectOptionsFromArgs(const ParsedArgs& args);

class Connection {
 public:
  static absl::StatusOr<std::unique_ptr<Connection>> Open(
      const ConnectOptions& options);
  ~Connection();

  campcount::v1::CampCount::Stub& stub() { return *stub_; }
  // "campcountd at HOST:PORT" or "in-process engine"; for error messages.
  const std::string& description() const { return description_; }
  bool in_process() const { return server_ != nullptr; }

 private:
  Connection() = default;
  std::unique_ptr<server::EngineServer> server_;
  std::unique_ptr<campcount::v1::CampCount::Stub> stub_;
  std::string description_;
};

// The status of a finished call as an absl::Status (the codes share
// numbers), with a hint added when the server could not be reached.
absl::Status FromGrpc(const grpc::Status& status, const Connection& connection);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_CONNECTION_H_
