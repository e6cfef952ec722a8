// One streaming Estimate call: runs the pipeline on a pool thread and writes
// its events to the client one at a time, in order. Cancellation (client gone,
// deadline passed, server shutting down) reaches the pipeline through a token,
// which it checks between tile batches.
#ifndef CAMPCOUNT_ENGINE_SERVER_ESTIMATE_REACTOR_H_
#define CAMPCOUNT_ENGINE_SERVER_ESTIMATE_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "campcount/v1/service.pb.h"
#include "cancellation.h"
#include "estimate_recording.h"
#include "estimate_store.h"
#include "pipeline.h"
#include "worker_pool.h"

namespace campcount::server {

class EstimateReactor
    : public grpc::ServerWriteReactor<campcount::v1::EstimateEvent>,
      private core::EventSink {
 public:
  // The pipeline runs on one of `workers`' threads. `on_pipeline_done` runs
  // there once the pipeline has returned (used to release a concurrency
  // slot). With a `records` store, the call is recorded there and its record
  // id sent before the Done event.
  EstimateReactor(const core::EstimatePipeline* pipeline,
                  campcount::v1::EstimateRequest request,
                  core::WorkerPool* workers,
                  std::function<void()> on_pipeline_done,
                  records::EstimateStore* records = nullptr);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // The pipeline's events: recorded, then queued for the client.
  void Send(campcount::v1::EstimateEvent event) override;
  void Enqueue(campcount::v1::EstimateEvent event);
  // Starts the next write, or finishes the call once the pipeline is done and
  // every event is written. Call without holding mutex_.
  void Pump();

  // Set by the pool task as its very last step. Shared, so the task may
  // still hold it after OnDone, which waits for it, has deleted the reactor.
  struct TaskExit {
    std::mutex mutex;
    std::condition_variable ended;
    bool done = false;
    std::thread::id thread;
  };

  core::CancellationToken cancellation_;
  // The record keeps every detection; the client gets them only if asked.
  records::EstimateRecording recording_;
  const bool client_wants_detections_;
  std::function<void()> on_pipeline_done_;
  std::shared_ptr<TaskExit> task_exit_ = std::make_shared<TaskExit>();

  // Events waiting to be written. The pipeline blocks when this many are
  // queued, so a slow reader holds back the work instead of server memory.
  static constexpr size_t kMaxQueuedEvents = 64;
  std::mutex mutex_;
  std::condition_variable queue_has_room_;
  std::deque<campcount::v1::EstimateEvent> queue_;
  campcount::v1::EstimateEvent in_flight_;
  bool writing_ = false;
  bool write_failed_ = false;
  bool pipeline_done_ = false;
  bool finished_ = false;
  absl::Status result_;
};

}  // namespace campcount::server

#endif  // CAMPCOUNT_ENGINE_SERVER_ESTIMATE_REACTOR_H_
