#include "engine_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "campcount_service.h"
#include "estimate_store.h"
#include "plugin_registry.h"

namespace campcount::server {
namespace {

class EngineServerImpl : public EngineServer {
 public:
  EngineServerImpl(std::unique_ptr<CampCountService> service,
                   std::unique_ptr<grpc::Server> server, std::string address,
                   double grace_seconds)
      : service_(std::move(service)),
        server_(std::move(server)),
        address_(std::move(address)),
        grace_seconds_(grace_seconds) {}

  ~EngineServerImpl() override { Shutdown(); }

  std::string address() const override { return address_; }

  void Shutdown() override {
    std::call_once(shutdown_once_, [this] {
      server_->GetHealthCheckService()->Shutdown();
      // Running calls get the grace period, then are cancelled; the pipeline
      // notices the cancellation between tiles.
      server_->Shutdown(std::chrono::system_clock::now() +
                        std::chrono::milliseconds(
                            static_cast<int64_t>(grace_seconds_ * 1000)));
      service_->WaitForRunningCalls();
      server_->Wait();
    });
  }

  void Wait() override { server_->Wait(); }

 private:
  std::unique_ptr<CampCountService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  double grace_seconds_;
  std::once_flag shutdown_once_;
};

std::string WithPort(const std::string& address, int port) {
  const size_t colon = address.rfind(':');
  return absl::StrCat(address.substr(0, colon), ":", port);
}

}  // namespace

std::vector<std::string> DefaultPluginDirs() {
  if (const char* path = std::getenv("CAMPCOUNT_PLUGIN_PATH");
      path != nullptr && *path != '\0') {
    return absl::StrSplit(path, ':', absl::SkipEmpty());
  }
  std::error_code error;
  const std::filesystem::path exe =
      std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return {};
  // bin/campcountd -> lib/campcount/plugins in the build tree, and
  // <libdir>/campcount/plugins in the install tree (lib/x86_64-linux-gnu/...
  // on Debian); the first that exists.
  const std::filesystem::path prefix = exe.parent_path().parent_path();
  for (const std::filesystem::path& candidate :
       {prefix / "lib" / "campcount" / "plugins",
        prefix / CAMPCOUNT_INSTALL_PLUGIN_DIR}) {
    if (std::filesystem::is_directory(candidate, error)) {
      return {candidate.string()};
    }
  }
  return {(prefix / "lib" / "campcount" / "plugins").string()};
}

campcount::v1::ServerConfig WithDefaults(campcount::v1::ServerConfig config) {
  if (config.listen_address().empty())
    config.set_listen_address("127.0.0.1:7311");
  if (config.plugin_dirs().empty()) {
    for (const std::string& dir : DefaultPluginDirs())
      config.add_plugin_dirs(dir);
  }
  if (config.max_concurrent_estimates() <= 0)
    config.set_max_concurrent_estimates(4);
  if (config.detector_batch_size() <= 0) config.set_detector_batch_size(4);
  if (config.default_tile_size_px() <= 0) config.set_default_tile_size_px(512);
  if (config.default_max_object_size_m() <= 0) {
    config.set_default_max_object_size_m(12.0);
  }
  if (config.nms_iou_threshold() <= 0) config.set_nms_iou_threshold(0.5);
  if (config.default_source().empty()) config.set_default_source("geotiff");
  if (config.default_detector().empty()) {
    config.set_default_detector("faster_rcnn");
  }
  if (config.default_estimators().empty()) {
    config.add_default_estimators("shelter_count");
  }
  if (config.model_repository().empty()) {
    const char* env = std::getenv("CAMPCOUNT_MODEL_REPOSITORY");
    config.set_model_repository(env != nullptr && *env != '\0' ? env
                                                               : "models");
  }
  if (config.shutdown_grace_seconds() <= 0)
    config.set_shutdown_grace_seconds(5);
  if (config.records_path().empty()) {
    config.set_records_path(records::DefaultRecordsPath());
  }
  return config;
}

absl::StatusOr<std::unique_ptr<EngineServer>> EngineServer::Start(
    const campcount::v1::ServerConfig& raw_config) {
  const campcount::v1::ServerConfig config = WithDefaults(raw_config);
  if (config.listen_address().find(':') == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "listen_address '", config.listen_address(), "' must be host:port"));
  }
  if (!(config.nms_iou_threshold() < 1)) {
    return absl::InvalidArgumentError("nms_iou_threshold must be below 1");
  }

  // A records database that is damaged or locked stops the start: estimates
  // must not run unrecorded, nor the file be replaced.
  std::unique_ptr<records::EstimateStore> records;
  if (config.records_path() != records::kRecordsOff) {
    absl::StatusOr<std::unique_ptr<records::EstimateStore>> opened =
        records::EstimateStore::Open(config.records_path());
    if (!opened.ok()) return opened.status();
    records = *std::move(opened);
  }

  std::map<std::string, campcount::v1::PluginConfig> plugin_configs(
      config.plugin_config().begin(), config.plugin_config().end());
  auto registry = core::PluginRegistry::Load(
      {config.plugin_dirs().begin(), config.plugin_dirs().end()},
      plugin_configs);

  core::PipelineOptions options;
  options.detector_batch_size = config.detector_batch_size();
  options.default_tile_size_px = config.default_tile_size_px();
  options.default_max_object_size_m = config.default_max_object_size_m();
  options.nms.iou_threshold = config.nms_iou_threshold();
  options.default_source = config.default_source();
  options.default_detector = config.default_detector();
  options.default_estimators.assign(config.default_estimators().begin(),
                                    config.default_estimators().end());
  options.model_repository = config.model_repository();
  auto service = std::make_unique<CampCountService>(
      std::move(registry), std::move(options),
      config.max_concurrent_estimates(), std::move(records));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(config.listen_address(),
                           grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(service.get());
  // Tiles of detections can be large; allow responses up to 64 MB.
  builder.SetMaxSendMessageSize(64 << 20);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.listen_address(),
                     " (address in use or not local?)"));
  }
  return std::unique_ptr<EngineServer>(
      new EngineServerImpl(std::move(service), std::move(server),
                           WithPort(config.listen_address(), port),
                           config.shutdown_grace_seconds()));
}

}  // namespace campcount::server
