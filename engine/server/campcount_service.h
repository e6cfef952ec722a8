// The CampCount gRPC service: a thin adapter over the plugin registry and the
// estimate pipeline.
#ifndef CAMPCOUNT_ENGINE_SERVER_CAMPCOUNT_SERVICE_H_
#define CAMPCOUNT_ENGINE_SERVER_CAMPCOUNT_SERVICE_H_

#include <condition_variable>
#include <memory>
#include <mutex>

#include "campcount/v1/service.grpc.pb.h"
#include "dataset_job.h"
#include "estimate_store.h"
#include "image_features.h"
#include "pipeline.h"
#include "plugin_registry.h"
#include "worker_pool.h"

namespace campcount::server {

class CampCountService final
    : public campcount::v1::CampCount::CallbackService {
 public:
  CampCountService(std::unique_ptr<core::PluginRegistry> registry,
                   core::PipelineOptions options, int max_concurrent_estimates,
                   std::unique_ptr<records::EstimateStore> records = nullptr);
  ~CampCountService() override;

  grpc::ServerUnaryReactor* ListPlugins(
      grpc::CallbackServerContext* context,
      const campcount::v1::ListPluginsRequest* request,
      campcount::v1::ListPluginsResponse* response) override;

  grpc::ServerWriteReactor<campcount::v1::EstimateEvent>* Estimate(
      grpc::CallbackServerContext* context,
      const campcount::v1::EstimateRequest* request) override;

  grpc::ServerUnaryReactor* GetEstimate(
      grpc::CallbackServerContext* context,
      const campcount::v1::GetEstimateRequest* request,
      campcount::v1::EstimateRecord* response) override;

  grpc::ServerUnaryReactor* ListEstimates(
      grpc::CallbackServerContext* context,
      const campcount::v1::ListEstimatesRequest* request,
      campcount::v1::ListEstimatesResponse* response) override;

  // Issue 5: calibration, comparison, supply needs, census.
  grpc::ServerWriteReactor<campcount::v1::CalibrateEvent>* Calibrate(
      grpc::CallbackServerContext* context,
      const campcount::v1::CalibrateRequest* request) override;
  grpc::ServerWriteReactor<campcount::v1::CompareEvent>* Compare(
      grpc::CallbackServerContext* context,
      const campcount::v1::CompareRequest* request) override;
  grpc::ServerUnaryReactor* SupplyNeeds(
      grpc::CallbackServerContext* context,
      const campcount::v1::SupplyNeedsRequest* request,
      campcount::v1::SupplyNeedsResponse* response) override;
  grpc::ServerUnaryReactor* ReadCensus(
      grpc::CallbackServerContext* context,
      const campcount::v1::ReadCensusRequest* request,
      campcount::v1::ReadCensusResponse* response) override;

  // Blocks until no Estimate call or dataset job is running (after the
  // server's Shutdown).
  void WaitForRunningCalls();

 private:
  // A dataset job slot (one at a time: each keeps the cores busy for
  // minutes); false when taken.
  bool TakeDatasetJobSlot();
  void ReleaseDatasetJobSlot();
  // Calibrate and Compare: `job(context, request, progress, cancellation)`
  // streamed as progress events, then its result, in the one job slot.
  template <typename Event, typename Request, typename Job>
  grpc::ServerWriteReactor<Event>* StartDatasetJob(const Request& request,
                                                   Job job);

  std::unique_ptr<core::PluginRegistry> registry_;
  // Null when recording is off.
  std::unique_ptr<records::EstimateStore> records_;
  core::EstimatePipeline pipeline_;
  // Detection only, for dataset jobs; its results are cached per image and
  // detector in image_features_, shared by every calibration and comparison.
  core::EstimatePipeline detection_pipeline_;
  evaluation::ImageFeatures image_features_;
  evaluation::DatasetContext dataset_context_;
  bool dataset_job_running_ = false;
  const int max_concurrent_estimates_;
  std::mutex mutex_;
  std::condition_variable idle_;
  int running_ = 0;
  // One thread per concurrent Estimate, kept warm between calls, and one
  // per pipeline that may run at once (estimates and the dataset job) to
  // read its tiles ahead. Declared last, so they are joined before anything
  // their tasks use is destroyed.
  core::WorkerPool estimate_workers_;
  core::WorkerPool read_ahead_workers_;
};

}  // namespace campcount::server

#endif  // CAMPCOUNT_ENGINE_SERVER_CAMPCOUNT_SERVICE_H_
