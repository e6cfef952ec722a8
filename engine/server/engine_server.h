// campcount's gRPC server: the CampCount service plus health and reflection,
// over a plugin registry and the estimate pipeline. Used by campcountd and by
// the CLI, which starts one in-process on loopback when no --server is given.
#ifndef CAMPCOUNT_ENGINE_SERVER_ENGINE_SERVER_H_
#define CAMPCOUNT_ENGINE_SERVER_ENGINE_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "campcount/v1/config.pb.h"

namespace campcount::server {

class EngineServer {
 public:
  // Loads the plugins, binds config.listen_address ("127.0.0.1:0" picks a
  // free port) and starts serving. Fails when the address cannot be bound or
  // the config is invalid; refused plugins are logged and listed, not fatal.
  static absl::StatusOr<std::unique_ptr<EngineServer>> Start(
      const campcount::v1::ServerConfig& config);

  virtual ~EngineServer() = default;

  // host:port the server listens on, with the real port.
  virtual std::string address() const = 0;

  // Stops accepting calls, cancels running ones after the grace period of the
  // config, and waits for them to finish. Idempotent.
  virtual void Shutdown() = 0;

  // Blocks until Shutdown() has completed.
  virtual void Wait() = 0;
};

// The config with every unset field given its documented default.
campcount::v1::ServerConfig WithDefaults(campcount::v1::ServerConfig config);

// Plugin directories used when the config names none: $CAMPCOUNT_PLUGIN_PATH
// (colon-separated), else lib/campcount/plugins beside the running binary.
std::vector<std::string> DefaultPluginDirs();

}  // namespace campcount::server

#endif  // CAMPCOUNT_ENGINE_SERVER_ENGINE_SERVER_H_
