// The faster_rcnn detector through the real server: the real plugin .so
// loads partner-style models scripted from torchvision at build time, a
// request chooses model and version, the explanation names the model and
// its hash, and bad models are refused while the engine keeps serving.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "test_camp.h"
#include "test_server.h"

namespace campcount::testing {
namespace {

using ::testing::HasSubstr;

std::string TestModels() {
  return EnvOrDie("CAMPCOUNT_FASTER_RCNN_TEST_MODELS");
}

campcount::v1::ServerConfig ConfigWithRepository(const std::string& repository,
                                                 const std::string& model) {
  campcount::v1::ServerConfig config = TestConfig();
  auto& settings =
      *(*config.mutable_plugin_config())["faster_rcnn"].mutable_settings();
  settings["model_repository"] = repository;
  settings["default_model"] = model;
  settings["intra_op_threads"] = "1";
  return config;
}

const campcount::v1::ComponentVersion* ModelComponent(
    const campcount::v1::PopulationEstimate& estimate) {
  for (const auto& c : estimate.explanation().components()) {
    if (c.role() == "model") return &c;
  }
  return nullptr;
}

class FasterRcnnServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    synth::DemoCampOptions options;
    options.width_px = 300;
    options.height_px = 300;
    options.gsd_m = 0.5;
    options.tent_count = 20;
    camp_ = dir_->File("camp.tif");
    WriteCamp(camp_, options);
  }
  static void TearDownTestSuite() { delete dir_; }

  static campcount::v1::EstimateRequest Request() {
    campcount::v1::EstimateRequest request;
    request.set_image_uri(camp_);
    request.set_detector("faster_rcnn");
    return request;
  }

  static TempDir* dir_;
  static std::string camp_;
};
TempDir* FasterRcnnServerTest::dir_ = nullptr;
std::string FasterRcnnServerTest::camp_;

TEST_F(FasterRcnnServerTest, ListPluginsShowsTheModelsWithTheirHashes) {
  TestServer server =
      StartServer(ConfigWithRepository(TestModels() + "/repo", "partner"));
  ASSERT_TRUE(server.stub);
  grpc::ClientContext context;
  campcount::v1::ListPluginsResponse response;
  ASSERT_TRUE(server.stub->ListPlugins(&context, {}, &response).ok());
  const campcount::v1::PluginInfo* faster_rcnn = nullptr;
  for (const auto& p : response.plugins()) {
    if (p.manifest().name() == "faster_rcnn") faster_rcnn = &p;
  }
  ASSERT_NE(faster_rcnn, nullptr) << "faster_rcnn was not loaded";
  ASSERT_EQ(faster_rcnn->models_size(), 2);
  EXPECT_EQ(faster_rcnn->models(0).name(), "partner");
  EXPECT_EQ(faster_rcnn->models(1).version(), "2");
  EXPECT_EQ(faster_rcnn->models(1).sha256().size(), 64u);
  EXPECT_DOUBLE_EQ(faster_rcnn->models(1).metadata().gsd_m(), 0.25);
}

TEST_F(FasterRcnnServerTest, PartnerModelRunsAndExplanationNamesIt) {
  TestServer server =
      StartServer(ConfigWithRepository(TestModels() + "/repo", "partner"));
  ASSERT_TRUE(server.stub);
  EstimateOutcome latest = RunEstimate(*server.stub, Request());
  ASSERT_TRUE(latest.status.ok()) << latest.status.error_message();
  ASSERT_NE(latest.started(), nullptr);
  // Tiles are the model's size, from its metadata.
  EXPECT_EQ(latest.started()->tile_size_px(), 256);
  ASSERT_EQ(latest.estimates().size(), 1u);
  const auto* model = ModelComponent(latest.estimates()[0]);
  ASSERT_NE(model, nullptr) << "no model in the explanation's components";
  EXPECT_EQ(model->name(), "partner");
  EXPECT_EQ(model->version(), "2");
  EXPECT_EQ(model->sha256().size(), 64u);

  campcount::v1::EstimateRequest pinned = Request();
  pinned.set_model("partner");
  pinned.set_model_version("1");
  pinned.set_score_threshold(0.3f);
  EstimateOutcome first = RunEstimate(*server.stub, pinned);
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  const auto* first_model = ModelComponent(first.estimates()[0]);
  ASSERT_NE(first_model, nullptr);
  EXPECT_EQ(first_model->version(), "1");
  EXPECT_NE(first_model->sha256(), model->sha256());
  EXPECT_FLOAT_EQ(first.done()->features().score_threshold(), 0.3f);
}

TEST_F(FasterRcnnServerTest, UnknownModelIsAClearErrorAndTheEngineServesOn) {
  TestServer server =
      StartServer(ConfigWithRepository(TestModels() + "/repo", "partner"));
  ASSERT_TRUE(server.stub);
  campcount::v1::EstimateRequest request = Request();
  request.set_model("nope");
  EstimateOutcome missing = RunEstimate(*server.stub, request);
  EXPECT_EQ(missing.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(missing.status.error_message(),
              HasSubstr("model 'nope' is not in the model repository"));

  request = Request();
  request.set_detector("bright_shelter");
  request.set_model("partner");
  EstimateOutcome no_models = RunEstimate(*server.stub, request);
  EXPECT_EQ(no_models.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(no_models.status.error_message(), HasSubstr("runs no models"));

  EstimateOutcome after = RunEstimate(*server.stub, Request());
  EXPECT_TRUE(after.status.ok()) << after.status.error_message();
}

TEST_F(FasterRcnnServerTest, BadModelsAreRefusedAndTheEngineServesOn) {
  for (const char* model : {"no_metadata", "wrong_output", "failing_warmup"}) {
    SCOPED_TRACE(model);
    TestServer server =
        StartServer(ConfigWithRepository(TestModels() + "/bad", model));
    ASSERT_TRUE(server.stub);
    grpc::ClientContext context;
    campcount::v1::ListPluginsResponse response;
    ASSERT_TRUE(server.stub->ListPlugins(&context, {}, &response).ok());
    std::string reason;
    for (const auto& r : response.refused()) {
      if (r.file().find("libcampcount_faster_rcnn.so") != std::string::npos) {
        reason = r.reason();
      }
    }
    EXPECT_THAT(reason, HasSubstr(model));
    EXPECT_THAT(reason, HasSubstr("init of detector 'faster_rcnn' failed"));

    campcount::v1::EstimateRequest request = Request();
    EstimateOutcome refused = RunEstimate(*server.stub, request);
    EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::NOT_FOUND);
    request.set_detector("bright_shelter");
    EstimateOutcome other = RunEstimate(*server.stub, request);
    EXPECT_TRUE(other.status.ok()) << other.status.error_message();
  }
}

}  // namespace
}  // namespace campcount::testing
