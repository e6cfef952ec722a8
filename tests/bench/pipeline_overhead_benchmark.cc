// Engine overhead per tile against the detector's own time, in one run.
//
//   BM_DetectorOnly     the bright_shelter plugin's Detect on tiles already
//                       in memory (its bare cost per tile)
//   BM_SourceReadOnly   reading the same tiles cold, on one core
//   BM_EstimateOverGrpc the whole Estimate through the real server on
//                       loopback, each paired with a bare detector pass;
//                       overhead_pct is the measure
//   BM_FirstEstimateOfAFreshServer  the one-shot (cold) case
//
// The machines this runs on drift by ±15 % from minute to minute, which is
// why the estimate and its bare baseline are timed back to back and the
// figures are medians.
//
// Run: build/bin/pipeline_overhead_benchmark  (CAMPCOUNT_PLUGIN_PATH may point
// elsewhere; by default the build tree's plugins are used).
#include <benchmark/benchmark.h>
#include <gdal_utils.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <vector>

#include "campcount/v1/service.grpc.pb.h"
#include "demo_camp.h"
#include "engine_server.h"
#include "plugin_registry.h"
#include "tiling.h"

namespace campcount {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle]
                                : (values[middle - 1] + values[middle]) / 2;
}

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

v1::ServerConfig BenchServerConfig(const std::vector<std::string>& dirs) {
  v1::ServerConfig config;
  config.set_listen_address("127.0.0.1:0");
  config.set_records_path("off");  // records have their own benchmark
  for (const auto& dir : dirs) config.add_plugin_dirs(dir);
  return config;
}

// What one Estimate reported, and how long the client waited for it.
struct EstimateTimes {
  int64_t tiles = 0;
  double ms = 0;  // the engine's own time, request in to Done out
  double detector_ms = 0;
  double source_wait_ms = 0;
  double client_ms = 0;  // as the client saw it, streaming included
};

absl::StatusOr<EstimateTimes> RunEstimate(v1::CampCount::Stub& stub,
                                          const std::string& image) {
  grpc::ClientContext context;
  v1::EstimateRequest request;
  request.set_image_uri(image);
  // The same detector as the bare runs, whatever the server's default.
  request.set_detector("bright_shelter");
  const Clock::time_point start = Clock::now();
  auto reader = stub.Estimate(&context, request);
  v1::EstimateEvent event;
  EstimateTimes times;
  while (reader->Read(&event)) {
    if (event.has_started()) times.tiles = event.started().tile_count();
    if (event.has_done()) {
      times.ms = 1e3 * event.done().seconds();
      times.detector_ms = 1e3 * event.done().detector_seconds();
      times.source_wait_ms = 1e3 * event.done().source_seconds();
    }
  }
  grpc::Status status = reader->Finish();
  times.client_ms = MsSince(start);
  if (!status.ok() || times.tiles == 0) {
    return absl::InternalError("estimate failed: " + status.error_message());
  }
  return times;
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

void CloseScene(const core::PluginInstance& source, uint64_t handle) {
  v1::CloseSceneRequest close;
  close.set_scene_handle(handle);
  v1::CloseSceneResponse closed;
  source.Call(CC_METHOD_CLOSE_SCENE, close, &closed, nullptr).IgnoreError();
}

struct Fixture {
  // The demo camp as the demo writes it (DEFLATE), and the same pixels
  // uncompressed and ZSTD-compressed, so the engine's own overhead shows
  // apart from decoding in GDAL.
  std::vector<std::string> images;
  std::vector<std::string> plugin_dirs;
  std::unique_ptr<core::PluginRegistry> registry;
  std::shared_ptr<const core::PluginInstance> source, detector;
  // Every tile of the camp in batches of 4, as DetectRequest wire bytes:
  // what the bare detector runs on.
  std::vector<std::string> batches;
  int64_t tile_count = 0;
  // One server for the whole run, as campcountd runs: its worker threads
  // stay warm between estimates.
  std::unique_ptr<server::EngineServer> server;
  std::unique_ptr<v1::CampCount::Stub> stub;
  double first_estimate_ms_per_tile = 0;

  Fixture() {
    const std::string image =
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
    if (!synth::WriteDemoCamp(image, options).ok()) std::abort();
    GDALAllRegister();
    images = {image, CopyWithCompression(image, "NONE"),
              CopyWithCompression(image, "ZSTD")};
    plugin_dirs = server::DefaultPluginDirs();

    registry = core::PluginRegistry::Load(plugin_dirs, {});
    auto found_source = registry->Find(v1::PLUGIN_KIND_SOURCE, "geotiff");
    auto found_detector =
        registry->Find(v1::PLUGIN_KIND_DETECTOR, "bright_shelter");
    if (!found_source.ok() || !found_detector.ok()) std::abort();
    source = *found_source;
    detector = *found_detector;
    ReadAllTiles();

    auto started = server::EngineServer::Start(BenchServerConfig(plugin_dirs));
    if (!started.ok()) std::abort();
    server = *std::move(started);
    stub = v1::CampCount::NewStub(grpc::CreateChannel(
        server->address(), grpc::InsecureChannelCredentials()));
    // The first estimate meets cold threads (PROJ's database not yet open,
    // allocator arenas not yet paged in): reported on its own. Then every
    // worker thread is warmed, as on a server that has been up a while.
    auto first = RunEstimate(*stub, images[0]);
    if (!first.ok()) std::abort();
    first_estimate_ms_per_tile = first->ms / first->tiles;
    for (int i = 0; i < 12; ++i) {
      if (!RunEstimate(*stub, images[i % images.size()]).ok()) std::abort();
    }
  }
  ~Fixture() {
    server->Shutdown();
    for (const std::string& image : images) std::filesystem::remove(image);
  }

  void ReadAllTiles() {
    v1::Scene scene;
    std::vector<core::Window> tiles;
    if (!OpenAndTile(*source, images[0], &scene, &tiles)) std::abort();
    tile_count = static_cast<int64_t>(tiles.size());
    v1::DetectRequest batch;
    for (size_t i = 0; i < tiles.size(); ++i) {
      v1::Tile* tile = batch.add_tiles();
      source
          ->Call(CC_METHOD_READ_TILE, ReadRequest(scene.handle(), tiles[i]),
                 tile, nullptr)
          .IgnoreError();
      tile->set_index(static_cast<int64_t>(i));
      if (batch.tiles_size() == 4 || i + 1 == tiles.size()) {
        batch.set_score_threshold(0.5f);
        batches.push_back(batch.SerializeAsString());
        batch.Clear();
      }
    }
    CloseScene(*source, scene.handle());
  }

  // One pass of the bare detector over every tile: its own calls only (the
  // requests are serialized once, beforehand), in ms per tile.
  double BareDetectorMsPerTile() const {
    const Clock::time_point start = Clock::now();
    for (const std::string& batch : batches) {
      auto status = detector->CallWithBytes(
          CC_METHOD_DETECT, batch, [](absl::string_view) { return true; },
          "campcount.v1.DetectResponse", nullptr);
      if (!status.ok()) std::abort();
    }
    return MsSince(start) / tile_count;
  }
};

Fixture& GetFixture() {
  static Fixture fixture;
  return fixture;
}

// The bare detector alone on tiles already in memory.
void BM_DetectorOnly(benchmark::State& state) {
  Fixture& fixture = GetFixture();
  std::vector<double> per_tile;
  for (auto _ : state) per_tile.push_back(fixture.BareDetectorMsPerTile());
  state.SetItemsProcessed(state.iterations() * fixture.tile_count);
  state.counters["ms_per_tile"] = Median(per_tile);
}
BENCHMARK(BM_DetectorOnly)->Unit(benchmark::kMillisecond)->UseRealTime();

// The geotiff source's ReadTile on the same tiles, as an estimate reads them:
// the scene opened afresh each time, so GDAL decodes every block (a scene
// kept open would be served from GDAL's block cache after the first pass).
// On one core: it says whether reading can hide behind the detector's time
// on the other.
void BM_SourceReadOnly(benchmark::State& state) {
  Fixture& fixture = GetFixture();
  std::vector<double> per_tile;
  for (auto _ : state) {
    const Clock::time_point start = Clock::now();
    v1::Scene scene;
    std::vector<core::Window> tiles;
    if (!OpenAndTile(*fixture.source, fixture.images[state.range(0)], &scene,
                     &tiles)) {
      state.SkipWithError("cannot open the image");
      return;
    }
    for (const core::Window& window : tiles) {
      v1::Tile tile;
      fixture.source
          ->Call(CC_METHOD_READ_TILE, ReadRequest(scene.handle(), window),
                 &tile, nullptr)
          .IgnoreError();
      benchmark::DoNotOptimize(tile);
    }
    CloseScene(*fixture.source, scene.handle());
    per_tile.push_back(MsSince(start) / tiles.size());
  }
  state.SetItemsProcessed(state.iterations() * fixture.tile_count);
  state.counters["ms_per_tile"] = Median(per_tile);
}

// The whole Estimate through the real server on loopback (reading, tiling,
// detector, NMS, boundary, estimator, streaming), paired with a bare
// detector pass over the same tiles in every iteration, so that drift in
// the machine's speed hits both alike. Counters are medians over the pairs:
//   ms_per_tile           the engine's time per tile, request in to Done out
//   bare_ms_per_tile      the bare detector's, in the same iteration
//   overhead_pct          the measure: everything but the detector's
//                         own call, as a share of the detector's time
//                         (ms_per_tile / bare_ms_per_tile - 1)
//   detector_ms_per_tile  the detector calls inside the pipeline
//   source_wait_ms_per_tile  time the detector stood waiting for reads
//   client_ms_per_tile    as the client saw it, streaming included
void BM_EstimateOverGrpc(benchmark::State& state) {
  Fixture& fixture = GetFixture();
  const std::string& image = fixture.images[state.range(0)];
  std::vector<double> engine, bare, overhead, detector, source_wait, client;
  for (auto _ : state) {
    const double bare_ms = fixture.BareDetectorMsPerTile();
    absl::StatusOr<EstimateTimes> times = RunEstimate(*fixture.stub, image);
    if (!times.ok()) {
      state.SkipWithError(std::string(times.status().message()).c_str());
      return;
    }
    const double tiles = static_cast<double>(times->tiles);
    engine.push_back(times->ms / tiles);
    bare.push_back(bare_ms);
    overhead.push_back(100.0 * (times->ms / tiles / bare_ms - 1.0));
    detector.push_back(times->detector_ms / tiles);
    source_wait.push_back(times->source_wait_ms / tiles);
    client.push_back(times->client_ms / tiles);
  }
  state.counters["ms_per_tile"] = Median(engine);
  state.counters["bare_ms_per_tile"] = Median(bare);
  state.counters["overhead_pct"] = Median(overhead);
  state.counters["detector_ms_per_tile"] = Median(detector);
  state.counters["source_wait_ms_per_tile"] = Median(source_wait);
  state.counters["client_ms_per_tile"] = Median(client);
}

// The first estimate of a freshly started server (what a one-shot
// `campcount estimate` without --server pays), against the warm median.
void BM_FirstEstimateOfAFreshServer(benchmark::State& state) {
  Fixture& fixture = GetFixture();
  for (auto _ : state) {
    benchmark::DoNotOptimize(fixture.first_estimate_ms_per_tile);
  }
  state.counters["ms_per_tile"] = fixture.first_estimate_ms_per_tile;
}

// Arg 0: the DEFLATE-compressed demo GeoTIFF; 1: the same, uncompressed;
// 2: ZSTD-compressed.
BENCHMARK(BM_SourceReadOnly)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_EstimateOverGrpc)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_FirstEstimateOfAFreshServer)->Iterations(1);

}  // namespace
}  // namespace campcount
