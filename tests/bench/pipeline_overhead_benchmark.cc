// Engine overhead per tile against the detector's own time, in one run.
//
//   BM_DetectorOnly   the bright_shelter plugin's Detect on tiles already in
//                     memory (its bare cost per tile)
//   BM_EstimateOverGrpc  the whole Estimate through the real server on
//                     loopback: reading, tiling, detector, NMS, boundary,
//                     estimator, streaming. Counters split each tile's time
//                     into the detector's share and everything else.
//
// Run: build/bin/pipeline_overhead_benchmark  (CAMPCOUNT_PLUGIN_PATH may point
// elsewhere; by default the build tree's plugins are used).
#include <benchmark/benchmark.h>
#include <gdal_utils.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "allocator_tuning.h"
#include "campcount/v1/service.grpc.pb.h"
#include "demo_camp.h"
#include "engine_server.h"
#include "plugin_registry.h"
#include "tiling.h"

namespace campcount {
namespace {

// Writes a copy of `source_path` with the given GeoTIFF compression.
std::string CopyWithCompression(const std::string& source_path,
                                const std::string& compression) {
  const std::string path = source_path + "." + compression + ".tif";
  GDALDatasetH source = GDALOpen(source_path.c_str(), GA_ReadOnly);
  const std::string option = "COMPRESS=" + compression;
  const char* args[] = {"-co", "TILED=YES", "-co", option.c_str(), nullptr};
  GDALTranslateOptions* translate =
      GDALTranslateOptionsNew(const_cast<char**>(args), nullptr);
  GDALDatasetH copy = GDALTranslate(path.c_str(), source, translate, nullptr);
  GDALTranslateOptionsFree(translate);
  if (copy == nullptr) std::abort();
  GDALClose(copy);
  GDALClose(source);
  return path;
}

struct Fixture {
  // The demo camp as the demo writes it (DEFLATE), and the same pixels
  // uncompressed and ZSTD-compressed, so the engine's own overhead shows
  // apart from decoding in GDAL.
  std::string image;
  std::string uncompressed_image;
  std::string zstd_image;
  std::vector<std::string> plugin_dirs;
  Fixture() {
    image =
        (std::filesystem::temp_directory_path() / "campcount-bench-camp.tif")
            .string();
    synth::DemoCampOptions options;
    // CAMPCOUNT_BENCH_SIZE=N for an N² px camp (default 4,096: 81 tiles), to
    // see how much of the overhead is per request rather than per tile.
    const char* size = std::getenv("CAMPCOUNT_BENCH_SIZE");
    options.width_px = size != nullptr ? std::atoll(size) : 4096;
    options.height_px = options.width_px;
    options.tent_count = static_cast<int>(1500 * (options.width_px / 4096.0) *
                                          (options.width_px / 4096.0));
    options.seed = 5;
    auto truth = synth::WriteDemoCamp(image, options);
    if (!truth.ok()) std::abort();
    GDALAllRegister();
    uncompressed_image = CopyWithCompression(image, "NONE");
    zstd_image = CopyWithCompression(image, "ZSTD");
    plugin_dirs = server::DefaultPluginDirs();
  }
  ~Fixture() {
    std::filesystem::remove(image);
    std::filesystem::remove(uncompressed_image);
    std::filesystem::remove(zstd_image);
  }
  const std::string& ImageFor(int64_t variant) const {
    return variant == 0   ? image
           : variant == 1 ? uncompressed_image
                          : zstd_image;
  }
};

v1::ReadTileRequest ReadRequest(uint64_t scene, const core::Window& window) {
  v1::ReadTileRequest read;
  read.set_scene_handle(scene);
  auto* w = read.mutable_window();
  w->set_x(window.x);
  w->set_y(window.y);
  w->set_width(window.width);
  w->set_height(window.height);
  return read;
}

// Opens the image with the source and tiles it as the pipeline would for
// bright_shelter (512 px, 28 px overlap at 0.5 m/px).
bool OpenAndTile(const core::PluginInstance& source, const std::string& image,
                 v1::Scene* scene, std::vector<core::Window>* tiles) {
  v1::OpenSceneRequest open;
  open.set_uri(image);
  if (!source.Call(CC_METHOD_OPEN_SCENE, open, scene, nullptr).ok()) {
    return false;
  }
  auto made = core::MakeTiles({0, 0, scene->width(), scene->height()},
                              scene->width(), scene->height(), {512, 28});
  if (!made.ok()) return false;
  *tiles = *std::move(made);
  return true;
}

Fixture& GetFixture() {
  static Fixture fixture;
  return fixture;
}

// BM_DetectorOnly's time per tile, so the end-to-end runs that follow it in
// the same process can state their overhead against the bare detector.
double bare_detector_ms_per_tile = 0;

void BM_DetectorOnly(benchmark::State& state) {
  Fixture& fixture = GetFixture();
  auto registry = core::PluginRegistry::Load(fixture.plugin_dirs, {});
  auto source = registry->Find(v1::PLUGIN_KIND_SOURCE, "geotiff");
  auto detector = registry->Find(v1::PLUGIN_KIND_DETECTOR, "bright_shelter");
  if (!source.ok() || !detector.ok()) {
    state.SkipWithError("plugins not found");
    return;
  }
  v1::Scene scene;
  std::vector<core::Window> tiles;
  if (!OpenAndTile(**source, fixture.image, &scene, &tiles)) {
    state.SkipWithError("cannot open the image");
    return;
  }
  // Read every tile once, outside the timed loop, in batches of 4.
  std::vector<v1::DetectRequest> batches;
  for (size_t i = 0; i < tiles.size(); ++i) {
    if (i % 4 == 0) batches.emplace_back().set_score_threshold(0.5f);
    v1::ReadTileRequest read = ReadRequest(scene.handle(), tiles[i]);
    v1::Tile* tile = batches.back().add_tiles();
    (*source)->Call(CC_METHOD_READ_TILE, read, tile, nullptr).IgnoreError();
    tile->set_index(static_cast<int64_t>(i));
  }
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    for (const auto& batch : batches) {
      v1::DetectResponse response;
      auto status =
          (*detector)->Call(CC_METHOD_DETECT, batch, &response, nullptr);
      benchmark::DoNotOptimize(status);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  state.SetItemsProcessed(state.iterations() * tiles.size());
  // Google Benchmark calls this function until the time is stable; the last
  // call, the reported one, leaves its figure here for the runs below.
  bare_detector_ms_per_tile =
      1e3 * seconds / (static_cast<double>(state.iterations()) * tiles.size());
  state.counters["ms_per_tile"] = bare_detector_ms_per_tile;
}
BENCHMARK(BM_DetectorOnly)->Unit(benchmark::kMillisecond)->UseRealTime();

// The geotiff source's ReadTile on the same tiles: GDAL decoding plus the
// copies across the plugin boundary.
void BM_SourceReadOnly(benchmark::State& state) {
  Fixture& fixture = GetFixture();
  auto registry = core::PluginRegistry::Load(fixture.plugin_dirs, {});
  auto source = registry->Find(v1::PLUGIN_KIND_SOURCE, "geotiff");
  if (!source.ok()) {
    state.SkipWithError("geotiff source not found");
    return;
  }
  v1::Scene scene;
  std::vector<core::Window> tiles;
  if (!OpenAndTile(**source, fixture.image, &scene, &tiles)) {
    state.SkipWithError("cannot open the image");
    return;
  }
  for (auto _ : state) {
    for (const core::Window& window : tiles) {
      v1::ReadTileRequest read = ReadRequest(scene.handle(), window);
      v1::Tile tile;
      (*source)->Call(CC_METHOD_READ_TILE, read, &tile, nullptr).IgnoreError();
      benchmark::DoNotOptimize(tile);
    }
  }
  state.SetItemsProcessed(state.iterations() * tiles.size());
}
BENCHMARK(BM_SourceReadOnly)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_EstimateOverGrpc(benchmark::State& state) {
  Fixture& fixture = GetFixture();
  v1::ServerConfig config;
  config.set_listen_address("127.0.0.1:0");
  config.set_records_path("off");  // records have their own benchmark
  for (const auto& dir : fixture.plugin_dirs) config.add_plugin_dirs(dir);
  auto server = server::EngineServer::Start(config);
  if (!server.ok()) {
    state.SkipWithError("server did not start");
    return;
  }
  auto stub = v1::CampCount::NewStub(grpc::CreateChannel(
      (*server)->address(), grpc::InsecureChannelCredentials()));
  double tiles = 0, seconds = 0, detector_seconds = 0, source_seconds = 0;
  for (auto _ : state) {
    grpc::ClientContext context;
    v1::EstimateRequest request;
    request.set_image_uri(fixture.ImageFor(state.range(0)));
    // The same detector as BM_DetectorOnly, whatever the server's default.
    request.set_detector("bright_shelter");
    auto reader = stub->Estimate(&context, request);
    v1::EstimateEvent event;
    while (reader->Read(&event)) {
      if (event.has_started()) tiles += event.started().tile_count();
      if (event.has_done()) {
        seconds += event.done().seconds();
        detector_seconds += event.done().detector_seconds();
        source_seconds += event.done().source_seconds();
      }
    }
    if (!reader->Finish().ok()) {
      state.SkipWithError("estimate failed");
      return;
    }
  }
  state.counters["ms_per_tile"] = 1e3 * seconds / tiles;
  state.counters["detector_ms_per_tile"] = 1e3 * detector_seconds / tiles;
  state.counters["source_ms_per_tile"] = 1e3 * source_seconds / tiles;
  // Everything but the detector's own call, as a share of the detector's
  // time; and the same without the time spent waiting for the source.
  state.counters["overhead_pct"] =
      100.0 * (seconds - detector_seconds) / detector_seconds;
  state.counters["engine_only_overhead_pct"] =
      100.0 * (seconds - detector_seconds - source_seconds) / detector_seconds;
  // The measure: end-to-end time per tile against the bare
  // detector's, measured above in this same process.
  if (bare_detector_ms_per_tile > 0) {
    state.counters["vs_bare_detector_pct"] =
        100.0 * (1e3 * seconds / tiles - bare_detector_ms_per_tile) /
        bare_detector_ms_per_tile;
  }
}
// Arg 0: the DEFLATE-compressed demo GeoTIFF; 1: the same, uncompressed;
// 2: ZSTD-compressed.
BENCHMARK(BM_EstimateOverGrpc)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace campcount

// Same allocator settings as campcountd and the CLI.
int main(int argc, char** argv) {
  campcount::server::TuneAllocatorForTileBuffers();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
