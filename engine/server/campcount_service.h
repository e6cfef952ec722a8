// The CampCount gRPC service: a thin adapter over the plugin registry and the
// estimate pipeline.
#ifndef CAMPCOUNT_ENGINE_SERVER_CAMPCOUNT_SERVICE_H_
#define CAMPCOUNT_ENGINE_SERVER_CAMPCOUNT_SERVICE_H_

#include <condition_variable>
#include <memory>
#include <mutex>

#include "campcount/v1/service.grpc.pb.h"
#include "estimate_store.h"
#include "pipeline.h"
#include "plugin_registry.h"

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

  // Blocks until no Estimate call is running (after the server's Shutdown).
  void WaitForRunningCalls();

 private:
  std::unique_ptr<core::PluginRegistry> registry_;
  // Null when recording is off.
  std::unique_ptr<records::EstimateStore> records_;
  core::EstimatePipeline pipeline_;
  const int max_concurrent_estimates_;
  std::mutex mutex_;
  std::condition_variable idle_;
  int running_ = 0;
};

}  // namespace campcount::server

#endif  // CAMPCOUNT_ENGINE_SERVER_CAMPCOUNT_SERVICE_H_
