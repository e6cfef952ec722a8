// Starts a real campcount server on loopback for an integration test, with
// the build tree's plugins (and the failure-mode fixtures), and a client.
#ifndef CAMPCOUNT_TESTS_TEST_SERVER_H_
#define CAMPCOUNT_TESTS_TEST_SERVER_H_

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "campcount/v1/service.grpc.pb.h"
#include "engine_server.h"

namespace campcount::testing {

inline std::string EnvOrDie(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) {
    ADD_FAILURE() << name << " is not set (run the test through ctest)";
    return "";
  }
  return value;
}

struct TestServer {
  std::unique_ptr<server::EngineServer> server;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<campcount::v1::CampCount::Stub> stub;
};

inline campcount::v1::ServerConfig TestConfig() {
  campcount::v1::ServerConfig config;
  config.set_listen_address("127.0.0.1:0");
  config.add_plugin_dirs(EnvOrDie("CAMPCOUNT_PLUGIN_DIR"));
  config.add_plugin_dirs(EnvOrDie("CAMPCOUNT_FIXTURE_PLUGIN_DIR"));
  config.set_shutdown_grace_seconds(1);
  // These tests are about the engine, so they use the fast classical
  // detector; the product's default, faster_rcnn, has its own tests.
  config.set_default_detector("bright_shelter");
  // Every test's estimates are recorded, in memory (nothing left behind).
  config.set_records_path(":memory:");
  return config;
}

inline TestServer StartServer(
    const campcount::v1::ServerConfig& config = TestConfig()) {
  TestServer result;
  auto server = server::EngineServer::Start(config);
  EXPECT_TRUE(server.ok()) << server.status();
  if (!server.ok()) return result;
  result.server = std::move(*server);
  result.channel = grpc::CreateChannel(result.server->address(),
                                       grpc::InsecureChannelCredentials());
  result.stub = campcount::v1::CampCount::NewStub(result.channel);
  return result;
}

// Everything one Estimate stream said, and how it ended.
struct EstimateOutcome {
  grpc::Status status;
  std::vector<campcount::v1::EstimateEvent> events;

  const campcount::v1::EstimateStarted* started() const {
    for (const auto& e : events) {
      if (e.has_started()) return &e.started();
    }
    return nullptr;
  }
  const campcount::v1::EstimateDone* done() const {
    for (const auto& e : events) {
      if (e.has_done()) return &e.done();
    }
    return nullptr;
  }
  std::vector<campcount::v1::PopulationEstimate> estimates() const {
    std::vector<campcount::v1::PopulationEstimate> out;
    for (const auto& e : events) {
      if (e.has_estimate()) out.push_back(e.estimate());
    }
    return out;
  }
  std::vector<campcount::v1::Detection> detections() const {
    std::vector<campcount::v1::Detection> out;
    for (const auto& e : events) {
      if (e.has_detections()) {
        out.insert(out.end(), e.detections().detections().begin(),
                   e.detections().detections().end());
      }
    }
    return out;
  }
};

inline EstimateOutcome RunEstimate(
    campcount::v1::CampCount::Stub& stub,
    const campcount::v1::EstimateRequest& request,
    double deadline_seconds = 120) {
  grpc::ClientContext context;
  context.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(static_cast<int64_t>(deadline_seconds * 1000)));
  EstimateOutcome outcome;
  auto reader = stub.Estimate(&context, request);
  campcount::v1::EstimateEvent event;
  while (reader->Read(&event)) outcome.events.push_back(event);
  outcome.status = reader->Finish();
  return outcome;
}

}  // namespace campcount::testing

#endif  // CAMPCOUNT_TESTS_TEST_SERVER_H_
