// Process-wide malloc settings for serving: call once at the top of main().
#ifndef CAMPCOUNT_ENGINE_SERVER_ALLOCATOR_TUNING_H_
#define CAMPCOUNT_ENGINE_SERVER_ALLOCATOR_TUNING_H_

#include <malloc.h>

namespace campcount::server {

// Tile buffers (0.8 MB per 512 px RGB tile, several copies per batch) are
// above glibc's default mmap threshold, so each one was a fresh mapping whose
// pages faulted in on first touch: measured, this made detector calls inside
// the pipeline up to 2x slower than bare. Keeping them on the heap, and not
// trimming it eagerly, lets freed tile buffers be reused. Memory stays bounded
// by the pipeline's two batches in flight; a plugin must not change this.
inline void TuneAllocatorForTileBuffers() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

}  // namespace campcount::server

#endif  // CAMPCOUNT_ENGINE_SERVER_ALLOCATOR_TUNING_H_
