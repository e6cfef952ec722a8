#include "scene_request.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace campcount::core {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class SceneRequestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           absl::StrCat(
               "scene_request_test_",
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "camps");
    for (const char* file : {"camps/a.tif", "camps/b.tif"}) {
      std::ofstream(dir_ / file) << "x";
    }
    std::ofstream(dir_ / "camps/boundary.geojson") << "{\"type\": \"Feature\"}";
    std::ofstream(dir_ / "dataset.json") << R"({
      "format": "campcount-dataset/1",
      "camps": [{"id": "AD_S001", "boundary": "camps/boundary.geojson",
                 "images": [
        {"id": "a", "path": "camps/a.tif", "date": "2019-03-14", "gsd_m": 0.4},
        {"id": "b", "path": "camps/b.tif", "date": "2019-07-02", "gsd_m": 0.4}
      ]}]})";
  }
  void TearDown() override { fs::remove_all(dir_); }

  v1::EstimateRequest DatasetRequest(const std::string& date) {
    v1::EstimateRequest request;
    request.set_dataset(dir_.string());
    request.set_camp_id("AD_S001");
    request.set_target_date(date);
    return request;
  }
  fs::path dir_;
};

TEST_F(SceneRequestTest, ImageUriAndTheDetectorsGsd) {
  v1::EstimateRequest request;
  request.set_image_uri("/data/camp.tif");
  v1::PluginManifest detector;
  detector.set_preferred_gsd_m(0.1);
  absl::StatusOr<SceneChoice> choice = ChooseScene(request, detector);
  ASSERT_TRUE(choice.ok()) << choice.status();
  EXPECT_EQ(choice->open.uri(), "/data/camp.tif");
  EXPECT_DOUBLE_EQ(choice->open.target_gsd_m(), 0.1);
  EXPECT_FALSE(choice->open.has_margin_m());
  EXPECT_FALSE(choice->open.has_contrast_stretch());
  EXPECT_FALSE(choice->selection.has_value());

  // The request wins over the detector; no preference: the image's own.
  request.set_target_gsd_m(0.25);
  request.set_margin_m(10);
  request.set_contrast_stretch(true);
  request.set_stretch_clip_percent(1);
  choice = ChooseScene(request, detector);
  ASSERT_TRUE(choice.ok());
  EXPECT_DOUBLE_EQ(choice->open.target_gsd_m(), 0.25);
  EXPECT_DOUBLE_EQ(choice->open.margin_m(), 10);
  EXPECT_TRUE(choice->open.contrast_stretch());
  EXPECT_DOUBLE_EQ(choice->open.stretch_low_percent(), 1);
  EXPECT_DOUBLE_EQ(choice->open.stretch_high_percent(), 99);
  request.clear_target_gsd_m();
  choice = ChooseScene(request, v1::PluginManifest());
  EXPECT_FALSE(choice->open.has_target_gsd_m());
}

TEST_F(SceneRequestTest, DatasetPicksTheImageBeforeTheDateAndItsBoundary) {
  absl::StatusOr<SceneChoice> choice =
      ChooseScene(DatasetRequest("2019-09-01"), v1::PluginManifest());
  ASSERT_TRUE(choice.ok()) << choice.status();
  EXPECT_EQ(choice->open.uri(), (dir_ / "camps/b.tif").string());
  EXPECT_EQ(choice->open.boundary_geojson(), "{\"type\": \"Feature\"}");
  ASSERT_TRUE(choice->selection.has_value());
  EXPECT_EQ(choice->selection->image().id(), "b");
  EXPECT_EQ(choice->selection->gap_days(), 61);

  v1::EstimateRequest request = DatasetRequest("2019-05-01");
  request.set_boundary_geojson("{\"mine\": 1}");  // the request's wins
  choice = ChooseScene(request, v1::PluginManifest());
  ASSERT_TRUE(choice.ok());
  EXPECT_EQ(choice->selection->image().id(), "a");
  EXPECT_EQ(choice->open.boundary_geojson(), "{\"mine\": 1}");
}

TEST_F(SceneRequestTest, DatasetErrorsNameTheProblem) {
  absl::StatusOr<SceneChoice> choice =
      ChooseScene(DatasetRequest("2019-01-01"), v1::PluginManifest());
  EXPECT_EQ(choice.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(choice.status().message()),
              HasSubstr("no image taken on or before 2019-01-01"));
  v1::EstimateRequest request = DatasetRequest("2019-09-01");
  request.set_camp_id("AD_S404");
  choice = ChooseScene(request, v1::PluginManifest());
  EXPECT_EQ(choice.status().code(), absl::StatusCode::kNotFound);
  fs::remove(dir_ / "camps/b.tif");
  choice = ChooseScene(DatasetRequest("2019-09-01"), v1::PluginManifest());
  EXPECT_THAT(std::string(choice.status().message()),
              HasSubstr("camps[0].images[1].path: "));
}

TEST(ValidateSceneFieldsTest, RefusesWhatCannotWork) {
  struct Case {
    void (*edit)(v1::EstimateRequest*);
    const char* message;
  };
  const Case cases[] = {
      {[](v1::EstimateRequest* r) { r->clear_image_uri(); },
       "image_uri is empty"},
      {[](v1::EstimateRequest* r) { r->set_dataset("d"); }, "not both"},
      {[](v1::EstimateRequest* r) {
         r->clear_image_uri();
         r->set_dataset("d");
         r->set_target_date("2020-01-01");
       },
       "camp_id is empty"},
      {[](v1::EstimateRequest* r) {
         r->clear_image_uri();
         r->set_dataset("d");
         r->set_camp_id("c");
       },
       "target_date is empty"},
      {[](v1::EstimateRequest* r) { r->set_target_gsd_m(0); },
       "target_gsd_m = 0"},
      {[](v1::EstimateRequest* r) { r->set_target_gsd_m(-2); },
       "target_gsd_m = -2"},
      {[](v1::EstimateRequest* r) { r->set_margin_m(-1); }, "margin_m = -1"},
      {[](v1::EstimateRequest* r) { r->set_stretch_clip_percent(50); },
       "stretch_clip_percent = 50"},
  };
  for (const Case& c : cases) {
    v1::EstimateRequest request;
    request.set_image_uri("/x.tif");
    c.edit(&request);
    absl::Status status = ValidateSceneFields(request);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.message;
    EXPECT_THAT(std::string(status.message()), HasSubstr(c.message));
  }
  v1::EstimateRequest ok;
  ok.set_image_uri("/x.tif");
  ok.set_target_gsd_m(0.1);
  EXPECT_TRUE(ValidateSceneFields(ok).ok());
}

}  // namespace
}  // namespace campcount::core
