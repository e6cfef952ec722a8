// Reads the pipeline's tile batches ahead of the detector, on another thread,
// up to `depth` batches ahead and in order. Reading (GDAL decoding, the copies
// across the source's boundary) then runs on a second core while the detector
// works, and a batch that is slow to decode is absorbed by those read before.
//
// The reading runs on a thread of a long-lived pool when one is given. A
// fresh thread per estimate was measurably slower: its memory (GDAL's block
// cache, tile buffers) came from allocator arenas whose pages had to be
// faulted in again, which on these virtual machines cost more than decoding.
#ifndef CAMPCOUNT_ENGINE_CORE_BATCH_READ_AHEAD_H_
#define CAMPCOUNT_ENGINE_CORE_BATCH_READ_AHEAD_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "cancellation.h"
#include "worker_pool.h"

namespace campcount::core {

// Tiles [first, last) of the estimate's tile list.
struct TileRange {
  int64_t first = 0;
  int64_t last = 0;
};

// `tile_count` tiles in batches of `batch_size`, except the first, which is
// `first_batch_size` (smaller, so the detector can start on it sooner).
std::vector<TileRange> PlanBatches(int64_t tile_count, int batch_size,
                                   int first_batch_size);

class BatchReadAhead {
 public:
  // Reads a batch: its DetectRequest wire bytes, or why it could not.
  using ReadBatch = std::function<absl::StatusOr<std::string>(TileRange)>;

  // Starts reading `batches` in order with `read`, keeping at most `depth`
  // (at least 1) read but not yet taken, on a thread of `pool` (or, when it
  // is null, on a thread of its own). Stops early when `cancellation` (which
  // must outlive this object) is cancelled.
  BatchReadAhead(std::vector<TileRange> batches, int depth, ReadBatch read,
                 const CancellationToken* cancellation,
                 WorkerPool* pool = nullptr);
  // Stops reading and waits for a read under way to return; `read` is not
  // called after this returns.
  ~BatchReadAhead();

  BatchReadAhead(const BatchReadAhead&) = delete;
  BatchReadAhead& operator=(const BatchReadAhead&) = delete;

  // The next batch, in the order given, waiting for it if need be. After an
  // error, no further batch is read; calling past the last batch is an
  // error too.
  absl::StatusOr<std::string> Next();

 private:
  // Shared with the reading task, which may start (and at once stop) after
  // this object is gone when the pool was busy.
  struct State {
    std::vector<TileRange> batches;
    size_t depth = 1;
    ReadBatch read;
    const CancellationToken* cancellation = nullptr;
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<absl::StatusOr<std::string>> ready;
    size_t taken = 0;
    bool stopping = false;
    bool reading = false;  // inside `read`, which must not outlive us
  };
  static void ReadAll(const std::shared_ptr<State>& state);

  std::shared_ptr<State> state_;
  std::thread own_thread_;
};

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_BATCH_READ_AHEAD_H_
