#include "batch_read_ahead.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace campcount::core {

std::vector<TileRange> PlanBatches(int64_t tile_count, int batch_size,
                                   int first_batch_size) {
  batch_size = std::max(1, batch_size);
  first_batch_size = std::clamp(first_batch_size, 1, batch_size);
  std::vector<TileRange> batches;
  for (int64_t first = 0; first < tile_count;) {
    const int64_t size = batches.empty() ? first_batch_size : batch_size;
    const int64_t last = std::min(tile_count, first + size);
    batches.push_back({first, last});
    first = last;
  }
  return batches;
}

BatchReadAhead::BatchReadAhead(std::vector<TileRange> batches, int depth,
                               ReadBatch read,
                               const CancellationToken* cancellation,
                               WorkerPool* pool)
    : state_(std::make_shared<State>()) {
  state_->batches = std::move(batches);
  state_->depth = static_cast<size_t>(std::max(1, depth));
  state_->read = std::move(read);
  state_->cancellation = cancellation;
  if (state_->batches.empty()) return;
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
  for (const TileRange& range : state->batches) {
    {
      std::unique_lock<std::mutex> lock(state->mutex);
      state->changed.wait(lock, [&state] {
        return state->stopping || state->ready.size() < state->depth;
      });
      if (state->stopping) return;
      state->reading = true;
    }
    absl::StatusOr<std::string> batch =
        state->cancellation->IsCancelled()
            ? absl::CancelledError("reading cancelled")
            : state->read(range);
    const bool failed = !batch.ok();
    {
      std::lock_guard<std::mutex> lock(state->mutex);
      state->reading = false;
      state->ready.push_back(std::move(batch));
      state->changed.notify_all();
    }
    if (failed) return;  // the error is the last thing Next() hands out
  }
}

absl::StatusOr<std::string> BatchReadAhead::Next() {
  std::unique_lock<std::mutex> lock(state_->mutex);
  if (state_->taken >= state_->batches.size()) {
    return absl::OutOfRangeError(absl::StrCat(
        "all ", state_->batches.size(), " tile batches were already taken"));
  }
  state_->changed.wait(lock, [this] { return !state_->ready.empty(); });
  absl::StatusOr<std::string> batch = std::move(state_->ready.front());
  state_->ready.pop_front();
  // Nothing follows an error.
  state_->taken = batch.ok() ? state_->taken + 1 : state_->batches.size();
  state_->changed.notify_all();
  return batch;
}

}  // namespace campcount::core
