// What recording adds to one estimate: the INCOMPLETE insert at the start
// plus the COMPLETE update (the whole record, every detection) before Done,
// on a records file with the engine's settings (WAL, synchronous = NORMAL:
// each record is in the log, in the OS, before the client hears of it). The
// target is under 5 ms per estimate.
//
//   BM_RecordEstimate/<detections>   camp with that many detections (kept
//                                    and dropped), 2 estimators
//   BM_EstimateOverGrpc/<records>    a whole estimate through the real server
//                                    on loopback (2,000² px demo camp, 600
//                                    tents), records off (0) or in a file (1):
//                                    the difference is what recording adds,
//                                    including the detections it keeps
//
// Run: build/bin/records_benchmark [--benchmark_min_time=2]
// CAMPCOUNT_BENCH_RECORDS=FILE puts the database elsewhere (default: the
// temporary directory, i.e. the disk the engine would use there).
#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <filesystem>

#include "campcount/v1/service.grpc.pb.h"
#include "demo_camp.h"
#include "detection_columns.h"
#include "engine_server.h"
#include "estimate_recording.h"
#include "estimate_store.h"

namespace campcount {
namespace {

campcount::v1::EstimateEvent Detections(int count) {
  campcount::v1::EstimateEvent event;
  for (int i = 0; i < count; ++i) {
    auto* d = event.mutable_detections()->add_detections();
    auto* box = d->mutable_pixel_box();
    box->set_xmin(i % 4000);
    box->set_ymin(i / 4000 * 10);
    box->set_xmax(i % 4000 + 12);
    box->set_ymax(i / 4000 * 10 + 9);
    auto* map = d->mutable_map_box();
    map->set_xmin(300000 + i * 0.5);
    map->set_ymin(1310000 - i * 0.5);
    map->set_xmax(300006 + i * 0.5);
    map->set_ymax(1310004.5 - i * 0.5);
    d->set_score(0.4f + 0.5f * float(i % 10) / 10);
    d->set_class_name("tent");
    d->set_area_m2(27.0);
    d->set_kept(i % 5 != 0);
    if (i % 5 == 0) d->set_drop_reason("score below the threshold");
  }
  return event;
}

campcount::v1::EstimateEvent Estimate(const std::string& name) {
  campcount::v1::EstimateEvent event;
  auto* e = event.mutable_estimate();
  e->set_estimator(name);
  e->set_population(4123);
  e->mutable_interval()->set_lower(3000);
  e->mutable_interval()->set_upper(5000);
  auto* why = e->mutable_explanation();
  why->set_formula("812 shelters x 5 = 4,060");
  why->set_summary(std::string(400, 's'));
  for (int i = 0; i < 3; ++i) {
    auto* c = why->add_components();
    c->set_role("detector");
    c->set_name("bright_shelter");
    c->set_version("1.0.0");
    c->set_sha256(std::string(64, 'a'));
  }
  return event;
}

std::string BenchRecordsPath() {
  if (const char* env = std::getenv("CAMPCOUNT_BENCH_RECORDS")) return env;
  return (std::filesystem::temp_directory_path() /
          "campcount-bench-records.sqlite")
      .string();
}

void BM_RecordEstimate(benchmark::State& state) {
  const std::string path = BenchRecordsPath();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path + suffix);
  }
  auto store = records::EstimateStore::Open(path);
  if (!store.ok()) {
    state.SkipWithError(std::string(store.status().message()).c_str());
    return;
  }
  campcount::v1::EstimateRequest request;
  request.set_image_uri("/data/AD_S001/2019-03-14.tif");
  request.set_camp_id("AD_S001");
  request.set_boundary_geojson(std::string(2000, 'g'));
  campcount::v1::EstimateEvent started;
  started.mutable_started()->set_detector("bright_shelter");
  started.mutable_started()->mutable_scene()->set_crs_wkt(
      std::string(800, 'w'));
  const campcount::v1::EstimateEvent detections =
      Detections(static_cast<int>(state.range(0)));
  const campcount::v1::EstimateEvent estimates[] = {Estimate("shelter_count"),
                                                    Estimate("tent_area")};
  campcount::v1::EstimateEvent done;
  done.mutable_done()->mutable_features()->set_image_date("2019-03-14");

  for (auto _ : state) {
    records::EstimateRecording recording(store->get(), request, "0.1.0");
    recording.Begin();
    recording.Observe(started);
    // The client did not ask for detections: the reactor hands them to the
    // record only.
    recording.TakeDetections(detections.detections());
    for (const auto& e : estimates) recording.Observe(e);
    recording.Observe(done);
    absl::StatusOr<std::string> id = recording.Complete();
    if (!id.ok()) {
      state.SkipWithError(std::string(id.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(id);
  }
  // What the detections would take as messages, and what is stored.
  campcount::v1::DetectionColumns stored;
  for (const auto& d : detections.detections().detections()) {
    records::AppendDetection(d, &stored);
  }
  state.counters["detections_kB"] =
      benchmark::Counter(detections.ByteSizeLong() / 1024.0);
  state.counters["stored_kB"] =
      benchmark::Counter(stored.ByteSizeLong() / 1024.0);
}
BENCHMARK(BM_RecordEstimate)
    ->Arg(150)
    ->Arg(2000)
    ->Arg(20000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_EstimateOverGrpc(benchmark::State& state) {
  static const std::string image = [] {
    const std::string path = (std::filesystem::temp_directory_path() /
                              "campcount-bench-records-camp.tif")
                                 .string();
    synth::DemoCampOptions options;
    options.tent_count = 600;
    if (!synth::WriteDemoCamp(path, options).ok()) std::abort();
    return path;
  }();
  const std::string records = BenchRecordsPath() + ".e2e";
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(records + suffix);
  }
  v1::ServerConfig config;
  config.set_listen_address("127.0.0.1:0");
  config.set_records_path(state.range(0) == 0 ? "off" : records);
  // The fast classical detector, so that what recording adds stands out.
  config.set_default_detector("bright_shelter");
  auto server = server::EngineServer::Start(config);
  if (!server.ok()) {
    state.SkipWithError(std::string(server.status().message()).c_str());
    return;
  }
  auto stub = v1::CampCount::NewStub(grpc::CreateChannel(
      (*server)->address(), grpc::InsecureChannelCredentials()));
  v1::EstimateRequest request;
  request.set_image_uri(image);
  for (auto _ : state) {
    grpc::ClientContext context;
    auto reader = stub->Estimate(&context, request);
    v1::EstimateEvent event;
    int64_t tents = 0;
    while (reader->Read(&event)) {
      if (event.has_done()) tents = event.done().features().tent_count();
    }
    if (!reader->Finish().ok() || tents == 0) {
      state.SkipWithError("estimate failed");
      return;
    }
  }
}
BENCHMARK(BM_EstimateOverGrpc)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(3);

}  // namespace
}  // namespace campcount
