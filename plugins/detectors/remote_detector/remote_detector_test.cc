// remote_detector against an in-process Detector service: what it accepts
// from a remote, what it refuses as garbage, and how it stops waiting.
#include "remote_detector.h"

#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "campcount/v1/service.grpc.pb.h"

namespace campcount::plugins {
namespace {

using ::campcount::v1::DetectRequest;
using ::campcount::v1::DetectResponse;

DetectRequest OneTile(int64_t index = 4) {
  DetectRequest request;
  request.set_score_threshold(0.5);
  campcount::v1::Tile* tile = request.add_tiles();
  tile->set_index(index);
  tile->mutable_window()->set_width(100);
  tile->mutable_window()->set_height(80);
  tile->set_bands(3);
  tile->set_gsd_m(0.5);
  return request;
}

campcount::v1::Detection* AddBox(DetectResponse& response, int64_t tile,
                                 double xmin, double ymin, double xmax,
                                 double ymax, float score) {
  campcount::v1::TileDetections* t = nullptr;
  for (auto& existing : *response.mutable_tiles()) {
    if (existing.tile_index() == tile) t = &existing;
  }
  if (t == nullptr) {
    t = response.add_tiles();
    t->set_tile_index(tile);
  }
  campcount::v1::Detection* d = t->add_detections();
  d->mutable_pixel_box()->set_xmin(xmin);
  d->mutable_pixel_box()->set_ymin(ymin);
  d->mutable_pixel_box()->set_xmax(xmax);
  d->mutable_pixel_box()->set_ymax(ymax);
  d->set_score(score);
  return d;
}

TEST(CheckRemoteDetectionsTest, KeepsGoodBoxesFillsAreaDropsLowScores) {
  DetectResponse response;
  AddBox(response, 4, 10, 10, 20, 14, 0.9f);
  AddBox(response, 4, 30, 30, 40, 40, 0.2f);  // under the threshold
  auto checked = CheckRemoteDetections(OneTile(), response, "remote");
  ASSERT_TRUE(checked.ok()) << checked.status();
  ASSERT_EQ(checked->tiles_size(), 1);
  ASSERT_EQ(checked->tiles(0).detections_size(), 1);
  const auto& d = checked->tiles(0).detections(0);
  EXPECT_DOUBLE_EQ(d.area_m2(), 10 * 4 * 0.25);  // 40 px at 0.5 m
  EXPECT_EQ(d.class_name(), "tent");
  EXPECT_TRUE(d.kept());
}

TEST(CheckRemoteDetectionsTest, RefusesGarbageNamingTileAndDetection) {
  struct Case {
    const char* what;
    double xmin, ymin, xmax, ymax;
    float score;
    int64_t tile;
    const char* message;
  };
  const Case cases[] = {
      {"unknown tile", 1, 1, 2, 2, 0.9f, 99, "tile 99: no such tile"},
      {"inverted", 20, 10, 10, 14, 0.9f, 4, "empty or inverted"},
      {"outside", 10, 10, 101, 14, 0.9f, 4, "outside the 100 x 80 tile"},
      {"negative", -1, 10, 5, 14, 0.9f, 4, "outside"},
      {"nan", std::nan(""), 10, 5, 14, 0.9f, 4, "not finite"},
      {"score", 1, 1, 2, 2, 1.5f, 4, "score 1.5 is not in [0, 1]"},
  };
  for (const Case& c : cases) {
    DetectResponse response;
    AddBox(response, 4, 1, 1, 3, 3, 0.9f);
    AddBox(response, c.tile, c.xmin, c.ymin, c.xmax, c.ymax, c.score);
    auto checked = CheckRemoteDetections(OneTile(), response, "remote X");
    ASSERT_FALSE(checked.ok()) << c.what;
    EXPECT_EQ(checked.status().code(), absl::StatusCode::kInternal) << c.what;
    EXPECT_NE(checked.status().message().find("remote X: remote answered "
                                              "garbage"),
              std::string::npos)
        << checked.status();
    EXPECT_NE(checked.status().message().find(c.message), std::string::npos)
        << c.what << ": " << checked.status();
  }
}

campcount::v1::PluginConfig Config(
    std::initializer_list<std::pair<std::string, std::string>> settings) {
  campcount::v1::PluginConfig config;
  for (const auto& [k, v] : settings) (*config.mutable_settings())[k] = v;
  return config;
}

TEST(RemoteDetectorTest, RefusesBadSettings) {
  EXPECT_EQ(RemoteDetector::Create(Config({{"deadline_seconds", "0"}}))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      RemoteDetector::Create(Config({{"max_attempts", "x"}})).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RemoteDetector::Create(Config({{"adress", "a:1"}})).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto missing_cert =
      RemoteDetector::Create(Config({{"address", "localhost:1"},
                                     {"tls", "true"},
                                     {"tls_root_cert", "/no/such/ca.pem"}}));
  EXPECT_EQ(missing_cert.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(missing_cert.status().message().find("/no/such/ca.pem"),
            std::string::npos);
  auto cert_without_tls = RemoteDetector::Create(
      Config({{"address", "localhost:1"}, {"tls_root_cert", "/ca.pem"}}));
  EXPECT_EQ(cert_without_tls.status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RemoteDetectorTest, WithoutAddressEveryCallIsFailedPrecondition) {
  auto detector = RemoteDetector::Create({});
  ASSERT_TRUE(detector.ok());
  auto response = (*detector)->Detect(OneTile(), sdk::CallContext(nullptr));
  EXPECT_EQ(response.status().code(), absl::StatusCode::kFailedPrecondition);
}

// A Detector service that sleeps, so tests can cancel or time out a call.
class SlowDetector final : public campcount::v1::Detector::Service {
 public:
  grpc::Status Detect(grpc::ServerContext* context, const DetectRequest*,
                      DetectResponse*) override {
    calls++;
    for (int i = 0; i < 500 && !context->IsCancelled(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "too late");
  }
  std::atomic<int> calls{0};
};

class RemoteDetectorServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    address_ = "127.0.0.1:" + std::to_string(port_);
  }
  void TearDown() override { server_->Shutdown(); }

  SlowDetector service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::string address_;
};

TEST_F(RemoteDetectorServerTest, CancellationStopsTheCallPromptly) {
  auto detector = RemoteDetector::Create(
      Config({{"address", address_}, {"deadline_seconds", "30"}}));
  ASSERT_TRUE(detector.ok());
  std::atomic<bool> cancelled{false};
  CcCallContext host{
      &cancelled, [](void* state) {
        return static_cast<std::atomic<bool>*>(state)->load() ? 1 : 0;
      }};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancelled = true;
  });
  const auto start = std::chrono::steady_clock::now();
  auto response = (*detector)->Detect(OneTile(), sdk::CallContext(&host));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  canceller.join();
  EXPECT_EQ(response.status().code(), absl::StatusCode::kCancelled)
      << response.status();
  EXPECT_LT(seconds, 2.0);
  EXPECT_EQ(service_.calls.load(), 1);
}

TEST_F(RemoteDetectorServerTest, DeadlineBoundsEachAttempt) {
  auto detector = RemoteDetector::Create(
      Config({{"address", address_}, {"deadline_seconds", "0.3"}}));
  ASSERT_TRUE(detector.ok());
  auto response = (*detector)->Detect(OneTile(), sdk::CallContext(nullptr));
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDeadlineExceeded)
      << response.status();
  EXPECT_NE(response.status().message().find(address_), std::string::npos);
  EXPECT_NE(response.status().message().find("deadline_seconds = 0.3"),
            std::string::npos)
      << response.status();
}

TEST(RemoteDetectorDownTest, RetriesWithBackoffThenUnavailable) {
  // Bind then close a port so that nothing listens there.
  int port = 0;
  {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof addr;
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), size), 0);
    ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size), 0);
    port = ntohs(addr.sin_port);
    close(fd);
  }
  const std::string address = "127.0.0.1:" + std::to_string(port);
  auto detector =
      RemoteDetector::Create(Config({{"address", address},
                                     {"max_attempts", "3"},
                                     {"initial_backoff_seconds", "0.1"},
                                     {"max_backoff_seconds", "0.15"}}));
  ASSERT_TRUE(detector.ok());
  const auto start = std::chrono::steady_clock::now();
  auto response = (*detector)->Detect(OneTile(), sdk::CallContext(nullptr));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(response.status().message().find("after 3 attempts"),
            std::string::npos)
      << response.status();
  EXPECT_NE(response.status().message().find(address), std::string::npos);
  EXPECT_GE(seconds, 0.1 + 0.15);  // two waits: 0.1 s, then capped 0.15 s
}

}  // namespace
}  // namespace campcount::plugins
