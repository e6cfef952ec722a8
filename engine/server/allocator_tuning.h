// Process-wide malloc settings for serving: call once at the top of main().
#ifndef CAMPCOUNT_ENGINE_SERVER_ALLOCATOR_TUNING_H_
#define CAMPCOUNT_ENGINE_SERVER_ALLOCATOR_TUNING_H_

#include <malloc.h>

#include <algorithm>
#include <thread>

namespace campcount::server {

// Tile buffers (0.8 MB per 512 px RGB tile, several copies per batch) are
// above glibc's default mmap threshold, so each one was a fresh mapping whose
// pages faulted in on first touch: measured, this made detector calls inside
// the pipeline up to 2x slower than bare. Keeping them on the heap, and not
// trimming it eagerly, lets freed tile buffers be reused.
//
// What a heap keeps untrimmed is bounded (64 MB), and so is the number of
// heaps (one per core): with a heap per thread and 256 MB each, a
// faster_rcnn estimate of a 20,000² px image peaked at 1.36 GB; with these
// bounds the same run peaked at 886 MB, and ran no slower. A plugin must not
// change this.
inline void TuneAllocatorForTileBuffers() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_ARENA_MAX,
          static_cast<int>(std::max(2u, std::thread::hardware_concurrency())));
}

}  // namespace campcount::server

#endif  // CAMPCOUNT_ENGINE_SERVER_ALLOCATOR_TUNING_H_
