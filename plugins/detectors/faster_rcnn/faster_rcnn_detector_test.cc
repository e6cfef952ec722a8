// The faster_rcnn detector on partner-style models scripted from torchvision
// at build time (training/make_test_models.py): loading, running, versions,
// and the refusals (no metadata, wrong output shape, failing warm-up).
#include "faster_rcnn_detector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>

namespace campcount::plugins {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string TestModels() {
  const char* dir = std::getenv("CAMPCOUNT_TEST_MODELS");
  EXPECT_NE(dir, nullptr) << "run through ctest (CAMPCOUNT_TEST_MODELS)";
  return dir == nullptr ? "" : dir;
}

campcount::v1::PluginConfig Config(const std::string& repository,
                                   const std::string& model) {
  campcount::v1::PluginConfig config;
  (*config.mutable_settings())["model_repository"] = repository;
  (*config.mutable_settings())["default_model"] = model;
  (*config.mutable_settings())["intra_op_threads"] = "1";
  return config;
}

campcount::v1::Tile NoiseTile(int64_t index, int width, int height,
                              double gsd_m) {
  campcount::v1::Tile tile;
  tile.set_index(index);
  tile.mutable_window()->set_width(width);
  tile.mutable_window()->set_height(height);
  tile.set_bands(3);
  tile.set_gsd_m(gsd_m);
  std::string pixels(static_cast<size_t>(width) * height * 3, '\0');
  std::mt19937 random(static_cast<unsigned>(index));
  for (char& p : pixels) p = static_cast<char>(random() & 0xff);
  tile.set_pixels(pixels);
  return tile;
}

sdk::CallContext NoContext() { return sdk::CallContext(nullptr); }

TEST(FasterRcnnDetector, PartnerModelLoadsAndRunsOnABatch) {
  auto detector =
      FasterRcnnDetector::Create(Config(TestModels() + "/repo", "partner"));
  ASSERT_TRUE(detector.ok()) << detector.status();

  campcount::v1::DetectRequest request;
  request.set_score_threshold(0.0f);
  *request.add_tiles() = NoiseTile(7, 256, 256, 0.25);
  *request.add_tiles() = NoiseTile(8, 200, 120, 0.25);  // short edge tile
  auto response = (*detector)->Detect(request, NoContext());
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_EQ(response->tiles_size(), 2);
  EXPECT_EQ(response->tiles(0).tile_index(), 7);
  EXPECT_EQ(response->tiles(1).tile_index(), 8);
  int boxes = 0;
  for (const auto& tile : response->tiles()) {
    const double width = tile.tile_index() == 7 ? 256 : 200;
    const double height = tile.tile_index() == 7 ? 256 : 120;
    for (const auto& d : tile.detections()) {
      ++boxes;
      EXPECT_EQ(d.class_name(), "tent");
      EXPECT_GE(d.pixel_box().xmin(), 0);
      EXPECT_LE(d.pixel_box().xmax(), width);
      EXPECT_LE(d.pixel_box().ymax(), height);
      EXPECT_GT(d.area_m2(), 0);
    }
  }
  // An untrained model with threshold 0 still proposes boxes on noise.
  EXPECT_GT(boxes, 0);

  // A threshold above every score leaves nothing.
  request.set_score_threshold(1.0f);
  response = (*detector)->Detect(request, NoContext());
  ASSERT_TRUE(response.ok()) << response.status();
  for (const auto& tile : response->tiles()) {
    EXPECT_EQ(tile.detections_size(), 0);
  }
}

TEST(FasterRcnnDetector, TilesAtAnotherGsdAreResampledToTheModels) {
  auto detector =
      FasterRcnnDetector::Create(Config(TestModels() + "/repo", "partner"));
  ASSERT_TRUE(detector.ok()) << detector.status();
  campcount::v1::DetectRequest request;
  request.set_score_threshold(0.0f);
  // 0.5 m/px is twice the model's 0.25: the tile becomes 600 px, more than
  // one 256 px model window.
  *request.add_tiles() = NoiseTile(1, 300, 300, 0.5);
  auto response = (*detector)->Detect(request, NoContext());
  ASSERT_TRUE(response.ok()) << response.status();
  for (const auto& d : response->tiles(0).detections()) {
    EXPECT_LE(d.pixel_box().xmax(), 300);
    EXPECT_LE(d.pixel_box().ymax(), 300);
  }
}

TEST(FasterRcnnDetector, LatestVersionByDefaultAndModelHashReported) {
  auto detector =
      FasterRcnnDetector::Create(Config(TestModels() + "/repo", "partner"));
  ASSERT_TRUE(detector.ok()) << detector.status();
  auto latest = (*detector)->DescribeModel({});
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(latest->name(), "partner");
  EXPECT_EQ(latest->version(), "2");
  EXPECT_EQ(latest->sha256().size(), 64u);
  EXPECT_DOUBLE_EQ(latest->metadata().gsd_m(), 0.25);

  campcount::v1::DescribeModelRequest first;
  first.set_version("1");
  auto one = (*detector)->DescribeModel(first);
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->version(), "1");

  auto list = (*detector)->ListModels();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->models_size(), 2);
  EXPECT_EQ(list->default_model(), "partner");
}

TEST(FasterRcnnDetector, UnknownModelOrVersionIsNamed) {
  auto detector =
      FasterRcnnDetector::Create(Config(TestModels() + "/repo", "partner"));
  ASSERT_TRUE(detector.ok()) << detector.status();
  campcount::v1::DescribeModelRequest request;
  request.set_model("nope");
  auto missing = (*detector)->DescribeModel(request);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(),
              HasSubstr("model 'nope' is not in the model repository"));
  EXPECT_THAT(missing.status().message(), HasSubstr("partner"));
  request.set_model("partner");
  request.set_version("9");
  auto no_version = (*detector)->DescribeModel(request);
  EXPECT_EQ(no_version.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(no_version.status().message(), HasSubstr("versions: 1, 2"));
  request.set_model("../repo");
  EXPECT_FALSE((*detector)->DescribeModel(request).ok());
}

TEST(FasterRcnnDetector, NewVersionIsPickedUpAndPinnedVersionStays) {
  const fs::path repo = fs::temp_directory_path() /
                        ("faster_rcnn_repo_" + std::to_string(::getpid()));
  fs::remove_all(repo);
  fs::create_directories(repo / "partner");
  fs::copy(TestModels() + "/repo/partner/1", repo / "partner" / "1",
           fs::copy_options::recursive);
  auto detector = FasterRcnnDetector::Create(Config(repo, "partner"));
  ASSERT_TRUE(detector.ok()) << detector.status();
  auto before = (*detector)->DescribeModel({});
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(before->version(), "1");

  // A request pinned to version 1 is in flight; version 2 arrives and
  // version 1's files are even removed: the pinned request still runs on 1.
  fs::copy(TestModels() + "/repo/partner/2", repo / "partner" / "2",
           fs::copy_options::recursive);
  auto after = (*detector)->DescribeModel({});
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->version(), "2");
  EXPECT_NE(after->sha256(), before->sha256());
  fs::remove_all(repo / "partner" / "1");
  campcount::v1::DetectRequest pinned;
  pinned.set_model("partner");
  pinned.set_model_version("1");
  pinned.set_score_threshold(0.5f);
  *pinned.add_tiles() = NoiseTile(0, 64, 64, 0.25);
  auto response = (*detector)->Detect(pinned, NoContext());
  EXPECT_TRUE(response.ok()) << response.status();
  fs::remove_all(repo);
}

TEST(FasterRcnnDetector, ModelWithoutMetadataIsRefused) {
  auto detector =
      FasterRcnnDetector::Create(Config(TestModels() + "/bad", "no_metadata"));
  ASSERT_FALSE(detector.ok());
  EXPECT_EQ(detector.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(detector.status().message(), HasSubstr("model.json"));
  EXPECT_THAT(detector.status().message(), HasSubstr("is missing"));
}

TEST(FasterRcnnDetector, ModelWithWrongOutputShapeIsRefused) {
  auto detector =
      FasterRcnnDetector::Create(Config(TestModels() + "/bad", "wrong_output"));
  ASSERT_FALSE(detector.ok());
  EXPECT_THAT(detector.status().message(), HasSubstr("warm-up tile"));
  EXPECT_THAT(detector.status().message(),
              HasSubstr("outputs of the wrong shape"));
}

TEST(FasterRcnnDetector, ModelFailingOnWarmUpTileIsRefused) {
  auto detector = FasterRcnnDetector::Create(
      Config(TestModels() + "/bad", "failing_warmup"));
  ASSERT_FALSE(detector.ok());
  EXPECT_THAT(detector.status().message(), HasSubstr("warm-up tile"));
  EXPECT_THAT(detector.status().message(),
              HasSubstr("this model fails on every tile"));
}

TEST(FasterRcnnDetector, BadTileIsRefusedNotCrashed) {
  auto detector =
      FasterRcnnDetector::Create(Config(TestModels() + "/repo", "partner"));
  ASSERT_TRUE(detector.ok()) << detector.status();
  campcount::v1::DetectRequest request;
  campcount::v1::Tile tile = NoiseTile(3, 64, 64, 0.25);
  tile.set_pixels("short");
  *request.add_tiles() = tile;
  auto response = (*detector)->Detect(request, NoContext());
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(response.status().message(), HasSubstr("tile 3"));
}

TEST(FasterRcnnDetector, UnknownSettingIsRefused) {
  campcount::v1::PluginConfig config =
      Config(TestModels() + "/repo", "partner");
  (*config.mutable_settings())["threshold"] = "0.3";
  auto detector = FasterRcnnDetector::Create(config);
  ASSERT_FALSE(detector.ok());
  EXPECT_THAT(detector.status().message(), HasSubstr("unknown setting"));
}

}  // namespace
}  // namespace campcount::plugins
