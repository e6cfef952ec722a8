#include "campcount_service.h"

#include "absl/strings/str_cat.h"
#include "campcount/plugin_api.h"
#include "estimate_reactor.h"
#include "version.h"

namespace campcount::server {
namespace {

// A stream that ends at once with an error (e.g. the server is busy).
class RefusedStream
    : public grpc::ServerWriteReactor<campcount::v1::EstimateEvent> {
 public:
  explicit RefusedStream(grpc::Status status) { Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

}  // namespace

CampCountService::CampCountService(
    std::unique_ptr<core::PluginRegistry> registry,
    core::PipelineOptions options, int max_concurrent_estimates)
    : registry_(std::move(registry)),
      pipeline_(registry_.get(), std::move(options)),
      max_concurrent_estimates_(max_concurrent_estimates) {}

CampCountService::~CampCountService() { WaitForRunningCalls(); }

grpc::ServerUnaryReactor* CampCountService::ListPlugins(
    grpc::CallbackServerContext* context,
    const campcount::v1::ListPluginsRequest* /*request*/,
    campcount::v1::ListPluginsResponse* response) {
  for (const auto& info : registry_->Plugins()) *response->add_plugins() = info;
  for (const auto& refused : registry_->refused()) {
    *response->add_refused() = refused;
  }
  response->set_engine_version(kEngineVersion);
  response->set_plugin_api_version(
      absl::StrCat(CC_PLUGIN_API_MAJOR, ".", CC_PLUGIN_API_MINOR));
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerWriteReactor<campcount::v1::EstimateEvent>*
CampCountService::Estimate(grpc::CallbackServerContext* /*context*/,
                           const campcount::v1::EstimateRequest* request) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (running_ >= max_concurrent_estimates_) {
      return new RefusedStream(grpc::Status(
          grpc::StatusCode::RESOURCE_EXHAUSTED,
          absl::StrCat("server busy: ", running_,
                       " estimates running (limit max_concurrent_estimates = ",
                       max_concurrent_estimates_, "); retry later")));
    }
    ++running_;
  }
  return new EstimateReactor(&pipeline_, *request, [this] {
    std::lock_guard<std::mutex> lock(mutex_);
    --running_;
    idle_.notify_all();
  });
}

void CampCountService::WaitForRunningCalls() {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return running_ == 0; });
}

}  // namespace campcount::server
