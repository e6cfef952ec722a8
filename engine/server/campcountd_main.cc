// campcountd: the campcount gRPC server.
//
//   campcountd [--config FILE] [--listen HOST:PORT] [--plugin_dirs A,B]
//              [--max_concurrent_estimates N] [--records FILE|off|:memory:]
//
// Flags override the config file. SIGINT / SIGTERM shut down gracefully.
#include <signal.h>

#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "allocator_tuning.h"
#include "config_file.h"
#include "engine_server.h"

ABSL_FLAG(std::string, config, "",
          "ServerConfig file, protobuf text form or JSON (*.json)");
ABSL_FLAG(std::string, listen, "",
          "host:port to listen on (default 127.0.0.1:7311; port 0 = any)");
ABSL_FLAG(
    std::vector<std::string>, plugin_dirs, {},
    "comma-separated plugin directories (default: "
    "$CAMPCOUNT_PLUGIN_PATH, else lib/campcount/plugins beside the binary)");
ABSL_FLAG(int, max_concurrent_estimates, 0,
          "Estimate calls running at once (default 4)");
ABSL_FLAG(std::string, records, "",
          "estimate records database (SQLite file; default "
          "$CAMPCOUNT_RECORDS, else ~/.local/state/campcount/records.sqlite); "
          "\"off\" records nothing, \":memory:\" keeps them until exit");

int main(int argc, char** argv) {
  campcount::server::TuneAllocatorForTileBuffers();
  absl::SetProgramUsageMessage("campcount gRPC server");
  absl::ParseCommandLine(argc, argv);

  // Block the shutdown signals in every thread; main waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  campcount::v1::ServerConfig config;
  if (const std::string path = absl::GetFlag(FLAGS_config); !path.empty()) {
    auto read = campcount::server::ReadConfigFile(path);
    if (!read.ok()) {
      std::cerr << "campcountd: " << read.status().message() << "\n";
      return 2;
    }
    config = *std::move(read);
  }
  if (const std::string listen = absl::GetFlag(FLAGS_listen); !listen.empty()) {
    config.set_listen_address(listen);
  }
  if (auto dirs = absl::GetFlag(FLAGS_plugin_dirs); !dirs.empty()) {
    config.clear_plugin_dirs();
    for (const std::string& dir : dirs) config.add_plugin_dirs(dir);
  }
  if (int n = absl::GetFlag(FLAGS_max_concurrent_estimates); n > 0) {
    config.set_max_concurrent_estimates(n);
  }

  if (std::string records = absl::GetFlag(FLAGS_records); !records.empty()) {
    config.set_records_path(records);
  }

  auto server = campcount::server::EngineServer::Start(config);
  if (!server.ok()) {
    std::cerr << "campcountd: " << server.status().message() << "\n";
    return 1;
  }
  std::cout << "campcountd listening on " << (*server)->address() << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  std::cout << "campcountd: signal " << received << ", shutting down"
            << std::endl;
  (*server)->Shutdown();
  return 0;
}
