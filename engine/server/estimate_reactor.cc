#include "estimate_reactor.h"

#include <iostream>

#include "grpc_status.h"
#include "version.h"

namespace campcount::server {

EstimateReactor::EstimateReactor(const core::EstimatePipeline* pipeline,
                                 campcount::v1::EstimateRequest request,
                                 core::WorkerPool* workers,
                                 std::function<void()> on_pipeline_done,
                                 records::EstimateStore* records)
    : recording_(records, request, kEngineVersion),
      client_wants_detections_(request.include_detections()),
      on_pipeline_done_(std::move(on_pipeline_done)) {
  if (recording_.active()) request.set_include_detections(true);
  workers->Submit(
      [this, pipeline, request = std::move(request), exit = task_exit_] {
        {
          std::lock_guard<std::mutex> lock(exit->mutex);
          exit->thread = std::this_thread::get_id();
        }
        recording_.Begin();
        absl::Status status = pipeline->Run(request, *this, cancellation_);
        if (!status.ok()) recording_.Fail(status);
        // The work is over: give the concurrency slot back now rather than when
        // gRPC gets round to OnDone, so a client that saw the end can go again.
        on_pipeline_done_();
        {
          std::lock_guard<std::mutex> lock(mutex_);
          pipeline_done_ = true;
          result_ = std::move(status);
        }
        Pump();
        // Nothing of the reactor is touched from here on: OnDone may delete it
        // as soon as `done` is seen.
        std::lock_guard<std::mutex> lock(exit->mutex);
        exit->done = true;
        exit->ended.notify_all();
      });
}

void EstimateReactor::Send(campcount::v1::EstimateEvent event) {
  if (event.has_detections() && !client_wants_detections_) {
    recording_.TakeDetections(event.detections());
    return;
  }
  recording_.Observe(event);
  if (event.has_done() && recording_.active()) {
    // Recorded before the client hears the estimate is done: a client that
    // saw Done can always look its estimate up again.
    absl::StatusOr<std::string> id = recording_.Complete();
    if (id.ok()) {
      campcount::v1::EstimateEvent recorded;
      recorded.set_record_id(*id);
      Enqueue(std::move(recorded));
      event.mutable_done()->set_record_id(*id);
    } else {
      // The estimate itself is still delivered: nothing computed is lost.
      std::cerr << "campcountd: estimate not recorded: "
                << id.status().message() << std::endl;
    }
  }
  Enqueue(std::move(event));
}

void EstimateReactor::Enqueue(campcount::v1::EstimateEvent event) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    queue_has_room_.wait(lock, [this] {
      return queue_.size() < kMaxQueuedEvents || write_failed_ ||
             cancellation_.IsCancelled();
    });
    if (write_failed_ || cancellation_.IsCancelled())
      return;  // nobody is listening any more
    queue_.push_back(std::move(event));
  }
  Pump();
}

void EstimateReactor::Pump() {
  enum class Action { kNothing, kWrite, kFinish } action = Action::kNothing;
  grpc::Status final_status;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (writing_ || finished_) return;
    if (!write_failed_ && !queue_.empty()) {
      in_flight_ = std::move(queue_.front());
      queue_.pop_front();
      queue_has_room_.notify_all();
      writing_ = true;
      action = Action::kWrite;
    } else if (pipeline_done_) {
      finished_ = true;
      action = Action::kFinish;
      final_status = write_failed_
                         ? grpc::Status(grpc::StatusCode::CANCELLED,
                                        "the client stopped reading the stream")
                         : ToGrpcStatus(result_);
    }
  }
  if (action == Action::kWrite) StartWrite(&in_flight_);
  if (action == Action::kFinish) Finish(final_status);
}

void EstimateReactor::OnWriteDone(bool ok) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    writing_ = false;
    if (!ok) {
      write_failed_ = true;
      queue_.clear();
      queue_has_room_.notify_all();
    }
  }
  if (!ok) cancellation_.Cancel();
  Pump();
}

void EstimateReactor::OnCancel() {
  cancellation_.Cancel();
  // Under the lock, so a pipeline about to wait for room sees the flag.
  std::lock_guard<std::mutex> lock(mutex_);
  queue_has_room_.notify_all();
}

void EstimateReactor::OnDone() {
  // Finish() is only called after the pipeline returned, so this wait is
  // short. A Finish() run inline on the pool thread reaches here inside the
  // task itself, which must not wait for its own end.
  {
    std::shared_ptr<TaskExit> exit = task_exit_;
    std::unique_lock<std::mutex> lock(exit->mutex);
    if (exit->thread != std::this_thread::get_id()) {
      exit->ended.wait(lock, [&exit] { return exit->done; });
    }
  }
  delete this;
}

}  // namespace campcount::server
