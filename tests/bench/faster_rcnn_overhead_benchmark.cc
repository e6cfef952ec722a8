// The faster_rcnn detector: the engine's time per tile against bare
// TorchScript forward() calls on the same tiles and model, in one run.
//
//   BM_BareForward       torch::jit::Module::forward on each tile, the tiles
//                        already tensors in memory: the model's own cost
//   BM_EstimateOverGrpc  the whole Estimate through the real server on
//                        loopback with the faster_rcnn plugin: reading,
//                        tiling, the plugin boundary, the model, NMS,
//                        boundary, estimator, streaming. overhead_pct is its
//                        time per tile over BM_BareForward's.
//
// Both use the same model (default: the shipped models/tent_frcnn, latest
// version; CAMPCOUNT_BENCH_MODEL=<repository>/<name>/<version> for another)
// and an image already at the model's GSD, so no resampling is measured.
// Run: build/bin/faster_rcnn_overhead_benchmark
#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>
#include <torch/script.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "campcount/v1/service.grpc.pb.h"
#include "demo_camp.h"
#include "engine_server.h"
#include "model_metadata.h"
#include "model_repository.h"
#include "plugin_registry.h"
#include "tiling.h"
#include "torchvision_ops.h"

namespace campcount {
namespace {
namespace fs = std::filesystem;

struct Fixture {
  fs::path model_dir;  // <repository>/<name>/<version>
  v1::ModelMetadata metadata;
  std::string image;
  std::vector<std::string> plugin_dirs;
  std::vector<core::Window> tiles;
  bool ok = false;

  Fixture() {
    plugin_dirs = server::DefaultPluginDirs();
    if (const char* env = std::getenv("CAMPCOUNT_BENCH_MODEL")) {
      model_dir = env;
    } else {
      const fs::path base =
          fs::path(plugin_dirs.front()).parent_path() / "models/tent_frcnn";
      model_dir = base / plugins::LatestVersion(base.string());
    }
    auto read = plugins::ReadModelMetadata(
        (model_dir / plugins::kMetadataFileName).string());
    if (!read.ok()) {
      std::fprintf(stderr, "%s\n",
                   std::string(read.status().message()).c_str());
      return;
    }
    metadata = *read;
    image = (fs::temp_directory_path() / "campcount-frcnn-bench.tif").string();
    synth::DemoCampOptions options;
    options.width_px = 2048;
    options.height_px = 2048;
    options.gsd_m = metadata.gsd_m();
    options.tent_count = 600;
    options.seed = 11;
    if (!synth::WriteDemoCamp(image, options).ok()) return;
    ok = true;
  }
  ~Fixture() { fs::remove(image); }
};

Fixture& GetFixture() {
  static Fixture fixture;
  return fixture;
}

double bare_ms_per_tile = 0;

void BM_BareForward(benchmark::State& state) {
  Fixture& f = GetFixture();
  if (!f.ok) {
    state.SkipWithError("no model or image (see stderr)");
    return;
  }
  plugins::LoadTorchvisionOps(plugins::kDefaultTorchvisionOps).IgnoreError();
  torch::jit::Module module =
      torch::jit::load((f.model_dir / plugins::kModelFileName).string());
  module.eval();
  // The tiles the pipeline will make, read through the real source plugin.
  auto registry = core::PluginRegistry::Load(f.plugin_dirs, {});
  auto source = registry->Find(v1::PLUGIN_KIND_SOURCE, "geotiff");
  if (!source.ok()) {
    state.SkipWithError("geotiff source not found");
    return;
  }
  v1::OpenSceneRequest open;
  open.set_uri(f.image);
  v1::Scene scene;
  if (!(*source)->Call(CC_METHOD_OPEN_SCENE, open, &scene, nullptr).ok()) {
    state.SkipWithError("cannot open the image");
    return;
  }
  const int size = f.metadata.tile_size_px();
  const int64_t overlap = static_cast<int64_t>(std::ceil(
                              f.metadata.max_object_size_m() / scene.gsd_m())) +
                          4;
  auto tiles = core::MakeTiles({0, 0, scene.width(), scene.height()},
                               scene.width(), scene.height(), {size, overlap});
  if (!tiles.ok()) {
    state.SkipWithError("cannot tile");
    return;
  }
  std::vector<at::Tensor> inputs;
  for (const core::Window& w : *tiles) {
    v1::ReadTileRequest read;
    read.set_scene_handle(scene.handle());
    read.mutable_window()->set_x(w.x);
    read.mutable_window()->set_y(w.y);
    read.mutable_window()->set_width(w.width);
    read.mutable_window()->set_height(w.height);
    v1::Tile tile;
    (*source)->Call(CC_METHOD_READ_TILE, read, &tile, nullptr).IgnoreError();
    at::Tensor t = torch::from_blob(tile.mutable_pixels()->data(),
                                    {w.height, w.width, 3}, torch::kUInt8)
                       .permute({2, 0, 1})
                       .to(torch::kFloat32) /
                   255.0;
    inputs.push_back(t);
  }
  c10::InferenceMode guard;
  for (int i = 0; i < 2; ++i) {  // warm-up, as the plugin does
    c10::List<at::Tensor> one;
    one.push_back(inputs[0]);
    module.forward({c10::IValue(one)});
  }
  double seconds = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    for (const at::Tensor& input : inputs) {
      c10::List<at::Tensor> one;
      one.push_back(input);
      benchmark::DoNotOptimize(module.forward({c10::IValue(one)}));
    }
    seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
  }
  bare_ms_per_tile = 1e3 * seconds / (state.iterations() * inputs.size());
  state.counters["ms_per_tile"] = bare_ms_per_tile;
  state.counters["tiles"] = inputs.size();
  state.SetItemsProcessed(state.iterations() * inputs.size());
}
BENCHMARK(BM_BareForward)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_EstimateOverGrpc(benchmark::State& state) {
  Fixture& f = GetFixture();
  if (!f.ok) {
    state.SkipWithError("no model or image (see stderr)");
    return;
  }
  v1::ServerConfig config;
  config.set_listen_address("127.0.0.1:0");
  for (const auto& dir : f.plugin_dirs) config.add_plugin_dirs(dir);
  config.set_detector_batch_size(1);
  auto& settings =
      *(*config.mutable_plugin_config())["faster_rcnn"].mutable_settings();
  settings["model_repository"] = f.model_dir.parent_path().parent_path();
  settings["default_model"] = f.model_dir.parent_path().filename();
  auto server = server::EngineServer::Start(config);
  if (!server.ok()) {
    state.SkipWithError("server did not start");
    return;
  }
  auto stub = v1::CampCount::NewStub(grpc::CreateChannel(
      (*server)->address(), grpc::InsecureChannelCredentials()));
  double tiles = 0, seconds = 0, detector_seconds = 0;
  for (auto _ : state) {
    grpc::ClientContext context;
    v1::EstimateRequest request;
    request.set_image_uri(f.image);
    request.set_detector("faster_rcnn");
    request.set_model_version(f.model_dir.filename());
    auto reader = stub->Estimate(&context, request);
    v1::EstimateEvent event;
    while (reader->Read(&event)) {
      if (event.has_started()) tiles += event.started().tile_count();
      if (event.has_done()) {
        seconds += event.done().seconds();
        detector_seconds += event.done().detector_seconds();
      }
    }
    grpc::Status status = reader->Finish();
    if (!status.ok()) {
      state.SkipWithError(status.error_message().c_str());
      return;
    }
  }
  const double ms_per_tile = 1e3 * seconds / tiles;
  state.counters["ms_per_tile"] = ms_per_tile;
  state.counters["detector_ms_per_tile"] = 1e3 * detector_seconds / tiles;
  state.counters["tiles"] = tiles / state.iterations();
  if (bare_ms_per_tile > 0) {
    // The target: within 10 % of bare forward() on the same tiles.
    state.counters["overhead_pct"] =
        100.0 * (ms_per_tile - bare_ms_per_tile) / bare_ms_per_tile;
  }
}
BENCHMARK(BM_EstimateOverGrpc)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace campcount
