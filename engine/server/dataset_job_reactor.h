// One streaming dataset job (Calibrate, Compare): runs the job on its own
// thread and writes its events (progress, then the result) in order.
// Progress events that pile up while the client reads slowly are merged
// (only the newest is kept), so memory stays flat; the result is never
// dropped. Cancellation reaches the job through a token.
#ifndef CAMPCOUNT_ENGINE_SERVER_DATASET_JOB_REACTOR_H_
#define CAMPCOUNT_ENGINE_SERVER_DATASET_JOB_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "absl/status/status.h"
#include "cancellation.h"
#include "grpc_status.h"

namespace campcount::server {

template <typename Event>
class DatasetJobReactor : public grpc::ServerWriteReactor<Event> {
 public:
  // `job` sends events through its first argument and returns how it ended.
  using Job = std::function<absl::Status(const std::function<void(Event)>&,
                                         const core::CancellationToken&)>;

  explicit DatasetJobReactor(Job job) {
    worker_ = std::thread([this, job = std::move(job)] {
      absl::Status status =
          job([this](Event e) { Send(std::move(e)); }, cancellation_);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        job_done_ = true;
        result_ = std::move(status);
      }
      Pump();
    });
  }

  void OnWriteDone(bool ok) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      writing_ = false;
      if (!ok) write_failed_ = true;
    }
    if (!ok) cancellation_.Cancel();
    Pump();
  }

  void OnCancel() override { cancellation_.Cancel(); }

  void OnDone() override {
    if (worker_.get_id() == std::this_thread::get_id()) {
      worker_.detach();
    } else if (worker_.joinable()) {
      worker_.join();
    }
    delete this;
  }

 private:
  void Send(Event event) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (write_failed_) return;
      // A waiting progress event is replaced by a newer one; the result
      // waits behind it.
      (event.has_result() ? final_ : pending_) = std::move(event);
    }
    Pump();
  }

  void Pump() {
    enum class Action { kNothing, kWrite, kFinish } action = Action::kNothing;
    grpc::Status final_status;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (writing_ || finished_) return;
      std::optional<Event>* next =
          pending_ ? &pending_ : (final_ ? &final_ : nullptr);
      if (!write_failed_ && next != nullptr) {
        in_flight_ = std::move(**next);
        next->reset();
        writing_ = true;
        action = Action::kWrite;
      } else if (job_done_) {
        finished_ = true;
        action = Action::kFinish;
        final_status = write_failed_
                           ? grpc::Status(grpc::StatusCode::CANCELLED,
                                          "the client stopped reading")
                           : ToGrpcStatus(result_);
      }
    }
    if (action == Action::kWrite) this->StartWrite(&in_flight_);
    if (action == Action::kFinish) this->Finish(final_status);
  }

  core::CancellationToken cancellation_;
  std::thread worker_;
  std::mutex mutex_;
  std::optional<Event> pending_;
  std::optional<Event> final_;
  Event in_flight_;
  bool writing_ = false;
  bool write_failed_ = false;
  bool job_done_ = false;
  bool finished_ = false;
  absl::Status result_;
};

}  // namespace campcount::server

#endif  // CAMPCOUNT_ENGINE_SERVER_DATASET_JOB_REACTOR_H_
