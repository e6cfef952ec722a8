// main() of the Google Benchmark binaries: the allocator settings of
// campcountd and the CLI come first, so the figures are the server's (tile
// buffers and a 0.9 MB record buffer are above glibc's default mmap
// threshold, and without them timings swing with it).
#include <benchmark/benchmark.h>

#include "allocator_tuning.h"

int main(int argc, char** argv) {
  campcount::server::TuneAllocatorForTileBuffers();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
