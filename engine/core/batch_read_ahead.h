// Reads the pipeline's tiles ahead of the detector, on another thread, in
// order, into batches of up to `batch_size` tiles, at most `depth` batches
// ahead. Reading (GDAL decoding, the copies across the source's boundary)
// then runs on a second core while the detector works.
//
// Batches adapt to the reader: when the detector asks for a batch and none
// is complete, it gets the tiles read so far (at least one) instead of
// waiting for the rest. So the detector starts after one tile, not a whole
// batch, and a reader only a little faster than the detector never makes it
// wait for four tiles at once.
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

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "cancellation.h"
#include "detect_request_builder.h"
#include "worker_pool.h"

namespace campcount::core {

// Tiles [first, last) of the estimate's tile list.
struct TileRange {
  int64_t first = 0;
  int64_t last = 0;
};

// A batch read: which tiles, and its DetectRequest wire bytes.
struct TileBatch {
  TileRange tiles;
  std::string request;
};

class BatchReadAhead {
 public:
  // Reads tile `index` and appends it to `batch`.
  using ReadTile =
      std::function<absl::Status(int64_t index, DetectRequestBuilder* batch)>;
  // The request's wire bytes from a batch with at least one tile.
  using FinishBatch = std::function<std::string(DetectRequestBuilder* batch)>;

  // Starts reading tiles 0 .. tile_count - 1 in order with `read`, on a
  // thread of `pool` (or, when it is null, on a thread of its own).
  // `batch_bytes` sizes each batch's buffer once. Stops early when
  // `cancellation` (which must outlive this object) is cancelled.
  BatchReadAhead(int64_t tile_count, int batch_size, int depth,
                 size_t batch_bytes, ReadTile read, FinishBatch finish,
                 const CancellationToken* cancellation,
                 WorkerPool* pool = nullptr);
  // Stops reading and waits for a read under way to return; `read` and
  // `finish` are not called after this returns.
  ~BatchReadAhead();

  BatchReadAhead(const BatchReadAhead&) = delete;
  BatchReadAhead& operator=(const BatchReadAhead&) = delete;

  // The next batch, in tile order, waiting for at least one tile if need
  // be. After an error, no further tile is read; calling after the last
  // tile was handed out is an error too.
  absl::StatusOr<TileBatch> Next();

 private:
  // Shared with the reading task, which may start (and at once stop) after
  // this object is gone when the pool was busy.
  struct State {
    int64_t tile_count = 0;
    int64_t batch_size = 1;
    size_t depth = 1;
    size_t batch_bytes = 0;
    ReadTile read;
    FinishBatch finish;
    const CancellationToken* cancellation = nullptr;
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<absl::StatusOr<TileBatch>> ready;
    int64_t handed_out = 0;  // tiles given to Next()'s callers
    bool failed = false;
    bool stopping = false;
    bool reading = false;     // inside `read` or `finish`
    bool wanted_now = false;  // Next() is waiting with nothing ready
  };
  static void ReadAll(const std::shared_ptr<State>& state);

  std::shared_ptr<State> state_;
  std::thread own_thread_;
};

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_BATCH_READ_AHEAD_H_
