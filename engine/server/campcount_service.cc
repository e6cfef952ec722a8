#include "campcount_service.h"

#include "absl/strings/str_cat.h"
#include "calibrator.h"
#include "campcount/plugin_api.h"
#include "census_reader.h"
#include "comparison.h"
#include "dataset_job_reactor.h"
#include "estimate_reactor.h"
#include "grpc_status.h"
#include "needs_request.h"
#include "version.h"

namespace campcount::server {
namespace {

// A stream that ends at once with an error (e.g. the server is busy).
template <typename Event = campcount::v1::EstimateEvent>
class RefusedStream : public grpc::ServerWriteReactor<Event> {
 public:
  explicit RefusedStream(grpc::Status status) {
    this->Finish(std::move(status));
  }
  void OnDone() override { delete this; }
};

core::PipelineOptions WithReadAhead(core::PipelineOptions options,
                                    core::WorkerPool* workers) {
  options.read_ahead_workers = workers;
  return options;
}

}  // namespace

CampCountService::CampCountService(
    std::unique_ptr<core::PluginRegistry> registry,
    core::PipelineOptions options, int max_concurrent_estimates,
    std::unique_ptr<records::EstimateStore> records)
    : registry_(std::move(registry)),
      records_(std::move(records)),
      pipeline_(registry_.get(), WithReadAhead(options, &read_ahead_workers_)),
      detection_pipeline_(registry_.get(), core::DetectionOnly(WithReadAhead(
                                               options, &read_ahead_workers_))),
      image_features_(&detection_pipeline_),
      max_concurrent_estimates_(max_concurrent_estimates),
      estimate_workers_(max_concurrent_estimates),
      read_ahead_workers_(max_concurrent_estimates + 1) {
  dataset_context_.registry = registry_.get();
  dataset_context_.features = &image_features_;
  dataset_context_.default_detector = options.default_detector;
  dataset_context_.default_score_threshold = options.default_score_threshold;
  dataset_context_.model_repository = options.model_repository;
}

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
      return new RefusedStream<>(grpc::Status(
          grpc::StatusCode::RESOURCE_EXHAUSTED,
          absl::StrCat("server busy: ", running_,
                       " estimates running (limit max_concurrent_estimates = ",
                       max_concurrent_estimates_, "); retry later")));
    }
    ++running_;
  }
  return new EstimateReactor(
      &pipeline_, *request, &estimate_workers_,
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
  idle_.wait(lock, [this] { return running_ == 0 && !dataset_job_running_; });
}

bool CampCountService::TakeDatasetJobSlot() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (dataset_job_running_) return false;
  dataset_job_running_ = true;
  return true;
}

void CampCountService::ReleaseDatasetJobSlot() {
  std::lock_guard<std::mutex> lock(mutex_);
  dataset_job_running_ = false;
  idle_.notify_all();
}

namespace {

grpc::Status Busy() {
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                      "server busy: a calibration or comparison is running "
                      "(one at a time); retry when it has finished");
}

}  // namespace

template <typename Event, typename Request, typename Job>
grpc::ServerWriteReactor<Event>* CampCountService::StartDatasetJob(
    const Request& request, Job job) {
  if (!TakeDatasetJobSlot()) return new RefusedStream<Event>(Busy());
  return new DatasetJobReactor<Event>(
      [this, request, job](const std::function<void(Event)>& send,
                           const core::CancellationToken& cancellation) {
        auto result = job(
            dataset_context_, request,
            [&](campcount::v1::DatasetProgress p) {
              Event e;
              *e.mutable_progress() = std::move(p);
              send(std::move(e));
            },
            cancellation);
        ReleaseDatasetJobSlot();
        if (!result.ok()) return result.status();
        Event e;
        *e.mutable_result() = *std::move(result);
        send(std::move(e));
        return absl::OkStatus();
      });
}

grpc::ServerWriteReactor<campcount::v1::CalibrateEvent>*
CampCountService::Calibrate(grpc::CallbackServerContext* /*context*/,
                            const campcount::v1::CalibrateRequest* request) {
  return StartDatasetJob<campcount::v1::CalibrateEvent>(*request,
                                                        &evaluation::Calibrate);
}

grpc::ServerWriteReactor<campcount::v1::CompareEvent>*
CampCountService::Compare(grpc::CallbackServerContext* /*context*/,
                          const campcount::v1::CompareRequest* request) {
  return StartDatasetJob<campcount::v1::CompareEvent>(*request,
                                                      &evaluation::Compare);
}

grpc::ServerUnaryReactor* CampCountService::SupplyNeeds(
    grpc::CallbackServerContext* context,
    const campcount::v1::SupplyNeedsRequest* request,
    campcount::v1::SupplyNeedsResponse* response) {
  auto result = AnswerSupplyNeeds(*registry_, *request);
  if (result.ok()) *response = *std::move(result);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(result.status()));
  return reactor;
}

grpc::ServerUnaryReactor* CampCountService::ReadCensus(
    grpc::CallbackServerContext* context,
    const campcount::v1::ReadCensusRequest* request,
    campcount::v1::ReadCensusResponse* response) {
  core::CancellationToken never;
  auto result =
      core::ReadCensus(*registry_, request->uri(), request->site_id(), &never);
  if (result.ok()) *response = *std::move(result);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(result.status()));
  return reactor;
}

}  // namespace campcount::server
