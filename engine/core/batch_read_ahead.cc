#include "batch_read_ahead.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace campcount::core {

BatchReadAhead::BatchReadAhead(int64_t tile_count, int batch_size, int depth,
                               size_t batch_bytes, ReadTile read,
                               FinishBatch finish,
                               const CancellationToken* cancellation,
                               WorkerPool* pool)
    : state_(std::make_shared<State>()) {
  state_->tile_count = std::max<int64_t>(0, tile_count);
  state_->batch_size = std::max(1, batch_size);
  state_->depth = static_cast<size_t>(std::max(1, depth));
  state_->batch_bytes = batch_bytes;
  state_->read = std::move(read);
  state_->finish = std::move(finish);
  state_->cancellation = cancellation;
  if (state_->tile_count == 0) return;
  if (pool != nullptr) {
    pool->Submit([state = state_] { ReadAll(state); });
  } else {
    own_thread_ = std::thread([state = state_] { ReadAll(state); });
  }
}

BatchReadAhead::~BatchReadAhead() {
  {
    std::unique_lock<std::mutex> lock(state_->mutex);
    state_->stopping = true;
    state_->changed.notify_all();
    state_->changed.wait(lock, [this] { return !state_->reading; });
  }
  if (own_thread_.joinable()) own_thread_.join();
}

void BatchReadAhead::ReadAll(const std::shared_ptr<State>& state) {
  // Hands a result to Next() (the reader is not `reading` any more).
  auto publish = [&state](absl::StatusOr<TileBatch> batch) {
    std::lock_guard<std::mutex> lock(state->mutex);
    state->reading = false;
    state->ready.push_back(std::move(batch));
    state->changed.notify_all();
  };
  int64_t next = 0;
  while (next < state->tile_count) {
    {
      std::unique_lock<std::mutex> lock(state->mutex);
      state->changed.wait(lock, [&state] {
        return state->stopping || state->ready.size() < state->depth;
      });
      if (state->stopping) return;
      state->reading = true;
    }
    DetectRequestBuilder builder(state->batch_bytes);
    const int64_t first = next;
    while (next < state->tile_count && next - first < state->batch_size) {
      absl::Status status = state->cancellation->IsCancelled()
                                ? absl::CancelledError("reading cancelled")
                                : state->read(next, &builder);
      if (!status.ok()) {
        publish(status);
        return;  // the error is the last thing Next() hands out
      }
      ++next;
      std::lock_guard<std::mutex> lock(state->mutex);
      if (state->stopping) {
        state->reading = false;
        state->changed.notify_all();
        return;
      }
      // The detector stands waiting: it gets what is read so far.
      if (state->wanted_now && state->ready.empty()) break;
    }
    publish(TileBatch{{first, next}, state->finish(&builder)});
  }
}

absl::StatusOr<TileBatch> BatchReadAhead::Next() {
  std::unique_lock<std::mutex> lock(state_->mutex);
  if (state_->failed || state_->handed_out >= state_->tile_count) {
    return absl::OutOfRangeError(
        absl::StrCat("no tiles left to read: ", state_->handed_out, " of ",
                     state_->tile_count, " handed out",
                     state_->failed ? ", then reading failed" : ""));
  }
  state_->wanted_now = state_->ready.empty();
  state_->changed.wait(lock, [this] { return !state_->ready.empty(); });
  state_->wanted_now = false;
  absl::StatusOr<TileBatch> batch = std::move(state_->ready.front());
  state_->ready.pop_front();
  if (batch.ok()) {
    state_->handed_out = batch->tiles.last;
  } else {
    state_->failed = true;
  }
  state_->changed.notify_all();
  return batch;
}

}  // namespace campcount::core
