// Bad input gets the right gRPC code and a message that says what is wrong,
// and the server keeps serving afterwards.
#include <gdal_priv.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "camp_server_suite.h"
#include "test_camp.h"
#include "test_server.h"

namespace campcount::testing {
namespace {

using ::testing::HasSubstr;

class BadInputTest : public CampServerSuite {
 protected:
  static void SetUpTestSuite() {
    synth::DemoCampOptions options;
    options.width_px = 1024;
    options.height_px = 1024;
    options.tent_count = 40;
    StartSuite(options);
  }

  static EstimateOutcome Estimate(const std::string& image,
                                  const std::string& boundary = "",
                                  const std::string& detector = "") {
    campcount::v1::EstimateRequest request;
    request.set_image_uri(image);
    request.set_boundary_geojson(boundary);
    request.set_detector(detector);
    return RunEstimate(*server_->stub, request);
  }

  // The server still answers a normal request.
  static void ExpectStillServing() {
    EstimateOutcome outcome = Estimate(truth_->path);
    EXPECT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  }
};

TEST_F(BadInputTest, MissingFileIsNotFound) {
  const std::string path = dir_->File("no-such-camp.tif");
  EstimateOutcome outcome = Estimate(path);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(outcome.status.error_message(), HasSubstr(path));
  EXPECT_THAT(outcome.status.error_message(), HasSubstr("does not exist"));
}

TEST_F(BadInputTest, FileThatIsNotARasterIsInvalidArgument) {
  const std::string path = dir_->File("notes.tif");
  std::ofstream(path) << "camp notes, not an image\n";
  EstimateOutcome outcome = Estimate(path);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(outcome.status.error_message(), HasSubstr(path));
  EXPECT_THAT(outcome.status.error_message(), HasSubstr("not a raster"));
  ExpectStillServing();
}

TEST_F(BadInputTest, ZeroSizeImageIsInvalidArgument) {
  const std::string path = dir_->File("empty.vrt");
  std::ofstream(path) << "<VRTDataset rasterXSize=\"0\" rasterYSize=\"0\">"
                         "</VRTDataset>\n";
  EstimateOutcome outcome = Estimate(path);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(outcome.status.error_message(), HasSubstr(path));
}

TEST_F(BadInputTest, SingleBandImageIsRefusedByTheRgbDetector) {
  const std::string path = dir_->File("panchromatic.tif");
  {
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDataset* dataset =
        driver->Create(path.c_str(), 256, 256, 1, GDT_Byte, nullptr);
    double transform[6] = {300000, 0.5, 0, 1310000, 0, -0.5};
    dataset->SetGeoTransform(transform);
    OGRSpatialReference srs;
    srs.importFromEPSG(32633);
    dataset->SetSpatialRef(&srs);
    GDALClose(dataset);
  }
  EstimateOutcome outcome = Estimate(path);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(outcome.status.error_message(), HasSubstr("1 band"));
  EXPECT_THAT(outcome.status.error_message(), HasSubstr("bright_shelter"));
}

TEST_F(BadInputTest, SelfIntersectingBoundaryIsInvalidArgument) {
  const double w = options_.width_px, h = options_.height_px;
  auto bow_tie = synth::BoundaryGeoJson(
      options_,
      {{100, 100}, {w - 100, h - 100}, {w - 100, 100}, {100, h - 100}});
  ASSERT_TRUE(bow_tie.ok());
  EstimateOutcome outcome = Estimate(truth_->path, *bow_tie);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(outcome.status.error_message(), HasSubstr("not a valid polygon"));
}

TEST_F(BadInputTest, UnparsableBoundaryIsInvalidArgument) {
  EstimateOutcome outcome = Estimate(truth_->path, "{\"type\": \"Polygon\", ");
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(outcome.status.error_message(), HasSubstr("boundary"));
}

TEST_F(BadInputTest, BoundaryOutsideTheImageIsInvalidArgument) {
  auto far_away = synth::BoundaryGeoJson(options_, 20000, 20000, 21000, 21000);
  ASSERT_TRUE(far_away.ok());
  EstimateOutcome outcome = Estimate(truth_->path, *far_away);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(outcome.status.error_message(), HasSubstr("does not overlap"));
}

TEST_F(BadInputTest, UnknownPluginIsNotFoundAndListsTheLoadedOnes) {
  EstimateOutcome outcome = Estimate(truth_->path, "", "yolo_v99");
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(outcome.status.error_message(),
              HasSubstr("unknown detector 'yolo_v99'"));
  EXPECT_THAT(outcome.status.error_message(), HasSubstr("bright_shelter"));
}

TEST_F(BadInputTest, BadThresholdAndDateAreInvalidArgument) {
  campcount::v1::EstimateRequest request;
  request.set_image_uri(truth_->path);
  request.set_score_threshold(1.5f);
  EstimateOutcome outcome = RunEstimate(*server_->stub, request);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(outcome.status.error_message(), HasSubstr("score_threshold"));
  request.clear_score_threshold();
  request.set_target_date("2020-02-30");
  outcome = RunEstimate(*server_->stub, request);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(outcome.status.error_message(), HasSubstr("2020-02-30"));
}

TEST_F(BadInputTest, ThrowingPluginFailsThatRequestOnly) {
  campcount::v1::EstimateRequest request;
  request.set_image_uri(truth_->path);
  request.add_estimators("throwing");
  EstimateOutcome outcome = RunEstimate(*server_->stub, request);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(outcome.status.error_message(),
              HasSubstr("estimator 'throwing'"));
  EXPECT_THAT(outcome.status.error_message(), HasSubstr("fixture failure"));
  // What was computed before the failure reached the client.
  EXPECT_NE(outcome.started(), nullptr);
  ExpectStillServing();
}

TEST_F(BadInputTest, DeadlineExceededStopsTheWork) {
  campcount::v1::EstimateRequest request;
  request.set_image_uri(truth_->path);
  request.set_detector("slow_detector");  // 200 ms per 256 px tile: ~5 s
  const auto start = std::chrono::steady_clock::now();
  EstimateOutcome outcome = RunEstimate(*server_->stub, request, 0.6);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  ExpectStillServing();
}

// A server that runs one estimate at a time shows whether a cancelled one
// really let go of its slot.
TEST(CancellationTest, ClientCancelMidStreamFreesTheRequestWithinATile) {
  TempDir dir;
  synth::DemoCampOptions options;
  options.width_px = 1024;
  options.height_px = 1024;
  options.tent_count = 30;
  synth::DemoCampTruth truth = WriteCamp(dir.File("camp.tif"), options);
  campcount::v1::ServerConfig config = TestConfig();
  config.set_max_concurrent_estimates(1);
  config.set_detector_batch_size(1);
  TestServer server = StartServer(config);
  ASSERT_TRUE(server.stub);

  campcount::v1::EstimateRequest slow;
  slow.set_image_uri(truth.path);
  slow.set_detector("slow_detector");
  grpc::ClientContext context;
  auto reader = server.stub->Estimate(&context, slow);
  campcount::v1::EstimateEvent event;
  ASSERT_TRUE(reader->Read(&event));
  ASSERT_TRUE(event.has_started());
  ASSERT_TRUE(reader->Read(&event));
  ASSERT_TRUE(event.has_progress());
  const int64_t tile_count = event.progress().tile_count();
  ASSERT_GT(tile_count, 3);

  // While it runs, the only slot is taken.
  campcount::v1::EstimateRequest normal;
  normal.set_image_uri(truth.path);
  EXPECT_EQ(RunEstimate(*server.stub, normal).status.error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);

  context.TryCancel();
  while (reader->Read(&event)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);

  // Within about one tile (200 ms) the slot is free again.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
  grpc::Status status;
  do {
    status = RunEstimate(*server.stub, normal).status;
    if (status.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

}  // namespace
}  // namespace campcount::testing
