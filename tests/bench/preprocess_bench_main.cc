// Pre-processing throughput and memory: opens an image through the real
// geotiff plugin (.so, loaded like the server loads it) with a target GSD,
// and reads tiles the way the pipeline would, reporting tiles/s and the
// peak resident memory. Run it under tests/bench/preprocess_memory.sh for
// GNU time's independent peak RSS.
//
//   preprocess_bench IMAGE [GSD_M=0.1] [MAX_TILES=0 (all)] [STRETCH=1]
//                    [ORDER=spread|rows]
//
// With MAX_TILES below the tile count, "spread" reads every k-th tile in row
// order, so the reads sweep the whole image (worst case for GDAL's caches:
// no neighbouring tile shares warped blocks) while the run stays short;
// "rows" reads the first MAX_TILES tiles in row order, as the pipeline does
// (neighbours share source and warped blocks through the cache).
#include <gdal.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "campcount/v1/source.pb.h"
#include "engine_server.h"
#include "plugin_registry.h"
#include "tiling.h"

namespace {

long PeakRssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace campcount;
  if (argc < 2) {
    std::cerr << "usage: preprocess_bench IMAGE [GSD_M] [MAX_TILES] "
                 "[STRETCH 0|1]\n";
    return 2;
  }
  const std::string image = argv[1];
  const double gsd = argc > 2 ? std::atof(argv[2]) : 0.1;
  const int64_t max_tiles = argc > 3 ? std::atoll(argv[3]) : 0;
  const bool stretch = argc > 4 ? std::atoi(argv[4]) != 0 : true;
  const bool rows = argc > 5 && std::string(argv[5]) == "rows";

  auto registry = core::PluginRegistry::Load(server::DefaultPluginDirs(), {});
  auto source = registry->Find(v1::PLUGIN_KIND_SOURCE, "geotiff");
  if (!source.ok()) {
    std::cerr << "preprocess_bench: " << source.status().message() << "\n";
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  v1::OpenSceneRequest open;
  open.set_uri(image);
  open.set_target_gsd_m(gsd);
  open.set_contrast_stretch(stretch);
  v1::Scene scene;
  absl::Status opened =
      (*source)->Call(CC_METHOD_OPEN_SCENE, open, &scene, nullptr);
  if (!opened.ok()) {
    std::cerr << "preprocess_bench: " << opened.message() << "\n";
    return 1;
  }
  const double open_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  // The pipeline's tiling for a 12 m largest object: 512 px tiles.
  const int64_t overlap = int64_t(std::ceil(12.0 / scene.gsd_m())) + 4;
  auto tiles = core::MakeTiles({0, 0, scene.width(), scene.height()},
                               scene.width(), scene.height(), {512, overlap});
  if (!tiles.ok()) {
    std::cerr << "preprocess_bench: " << tiles.status().message() << "\n";
    return 1;
  }
  const int64_t total = static_cast<int64_t>(tiles->size());
  const int64_t stride = !rows && max_tiles > 0 && total > max_tiles
                             ? (total + max_tiles - 1) / max_tiles
                             : 1;
  const int64_t end =
      rows && max_tiles > 0 ? std::min(total, max_tiles) : total;
  int64_t read = 0, bytes = 0;
  // GDAL's block cache at its fullest: the geotiff source drops the blocks
  // tiles have moved past, so in row order this stays near two tile rows.
  int64_t most_cached = 0;
  const auto reading = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < end; i += stride) {
    const core::Window& w = (*tiles)[i];
    v1::ReadTileRequest request;
    request.set_scene_handle(scene.handle());
    request.mutable_window()->set_x(w.x);
    request.mutable_window()->set_y(w.y);
    request.mutable_window()->set_width(w.width);
    request.mutable_window()->set_height(w.height);
    v1::Tile tile;
    absl::Status status =
        (*source)->Call(CC_METHOD_READ_TILE, request, &tile, nullptr);
    if (!status.ok()) {
      std::cerr << "preprocess_bench: tile " << i << ": " << status.message()
                << "\n";
      return 1;
    }
    bytes += static_cast<int64_t>(tile.pixels().size());
    ++read;
    most_cached = std::max<int64_t>(most_cached, GDALGetCacheUsed64());
  }
  const double read_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - reading)
          .count();
  std::cout << "image: " << image << "\n"
            << "scene: " << scene.width() << " x " << scene.height()
            << " px at " << scene.gsd_m() << " m/px (native "
            << scene.native_gsd_m() << " m/px)\n"
            << "preprocessing: " << scene.preprocessing() << "\n"
            << "open: " << open_s << " s\n"
            << "tiles: " << read << " of " << total << " read ("
            << (rows ? "the first, in row order" : "every ")
            << (rows ? "" : std::to_string(stride)) << "), 512 px, overlap "
            << overlap << " px\n"
            << "read: " << read_s << " s, " << read / read_s << " tiles/s, "
            << bytes / read_s / 1e6 << " MB/s of tile pixels\n"
            << "GDAL block cache at its fullest: " << most_cached / 1e6
            << " MB\n"
            << "peak RSS (VmHWM): " << PeakRssKb() << " KB\n";
  return 0;
}
