#include "campcount_service.h"

#include "absl/strings/str_cat.h"
#include "campcount/plugin_api.h"
#include "estimate_reactor.h"
#include "grpc_status.h"
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
    core::PipelineOptions options, int max_concurrent_estimates,
    std::unique_ptr<records::EstimateStore> records)
    : registry_(std::move(registry)),
      records_(std::move(records)),
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
  return new EstimateReactor(
      &pipeline_, *request,
      [this] {
        std::lock_guard<std::mutex> lock(mutex_);
        --running_;
        idle_.notify_all();
      },
      records_.get());
}

grpc::ServerUnaryReactor* CampCountService::GetEstimate(
    grpc::CallbackServerContext* context,
    const campcount::v1::GetEstimateRequest* request,
    campcount::v1::EstimateRecord* response) {
  absl::Status status = absl::FailedPreconditionError(
      "this engine keeps no estimate records (started with records off)");
  if (records_ != nullptr) {
    absl::StatusOr<campcount::v1::EstimateRecord> record =
        records_->Get(request->id());
    status = record.status();
    if (record.ok()) *response = *std::move(record);
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

grpc::ServerUnaryReactor* CampCountService::ListEstimates(
    grpc::CallbackServerContext* context,
    const campcount::v1::ListEstimatesRequest* request,
    campcount::v1::ListEstimatesResponse* response) {
  absl::Status status = absl::FailedPreconditionError(
      "this engine keeps no estimate records (started with records off)");
  if (records_ != nullptr) {
    absl::StatusOr<campcount::v1::ListEstimatesResponse> list =
        records_->List(*request);
    status = list.status();
    if (list.ok()) *response = *std::move(list);
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

void CampCountService::WaitForRunningCalls() {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return running_ == 0; });
}

}  // namespace campcount::server
