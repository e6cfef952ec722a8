// Pre-processing and image selection end to end: the real server on
// loopback, the real geotiff and bright_shelter plugins, real GeoTIFFs —
// one of them read through /vsicurl/ from a loopback HTTP server that
// answers Range requests, as a Cloud-Optimised GeoTIFF in object storage is.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "camp_server_suite.h"
#include "support/range_http_server.h"
#include "test_camp.h"
#include "test_server.h"

namespace campcount::testing {
namespace {

using ::testing::HasSubstr;

class PreprocessIntegrationTest : public CampServerSuite {
 protected:
  static void SetUpTestSuite() {
    synth::DemoCampOptions options;
    options.width_px = 1000;
    options.height_px = 800;
    options.gsd_m = 0.5;
    options.tent_count = 70;
    options.seed = 23;
    StartSuite(options);
  }

  campcount::v1::EstimateRequest Request() const {
    campcount::v1::EstimateRequest request;
    request.set_image_uri(truth_->path);
    request.set_camp_id("TEST_S001");
    return request;
  }

  static std::string Boundary() {
    auto boundary =
        synth::BoundaryGeoJson(options_, truth_->camp_xmin, truth_->camp_ymin,
                               truth_->camp_xmax, truth_->camp_ymax);
    EXPECT_TRUE(boundary.ok()) << boundary.status();
    return boundary.ok() ? *boundary : "";
  }

  static std::string InputValue(const campcount::v1::PopulationEstimate& e,
                                const std::string& name) {
    for (const auto& input : e.explanation().inputs()) {
      if (input.name() == name) return input.value();
    }
    return "";
  }
};

TEST_F(PreprocessIntegrationTest, ReadsThroughVsicurlWithRangeRequests) {
  const std::filesystem::path served =
      std::filesystem::path(truth_->path).parent_path();
  RangeHttpServer http(served.string());
  ASSERT_TRUE(http.ok());
  campcount::v1::EstimateRequest request = Request();
  request.set_image_uri("/vsicurl/" + http.Url("camp.tif"));
  EstimateOutcome remote = RunEstimate(*server_->stub, request);
  ASSERT_TRUE(remote.status.ok()) << remote.status.error_message();
  EstimateOutcome local = RunEstimate(*server_->stub, Request());
  ASSERT_TRUE(local.status.ok()) << local.status.error_message();
  // Same pixels, same count.
  EXPECT_EQ(remote.done()->features().tent_count(),
            local.done()->features().tent_count());
  EXPECT_GT(remote.done()->features().tent_count(), 0);
  EXPECT_GT(http.range_requests(), 0);
  // No sidecar probing (.aux.xml, .ovr, .msk, directory listings).
  EXPECT_THAT(http.missing_paths(), ::testing::IsEmpty());
  EXPECT_THAT(remote.started()->scene().provenance(),
              HasSubstr("/vsicurl/http://127.0.0.1:"));
}

TEST_F(PreprocessIntegrationTest, MissingRemoteImageIsAClearError) {
  const std::filesystem::path served =
      std::filesystem::path(truth_->path).parent_path();
  RangeHttpServer http(served.string());
  ASSERT_TRUE(http.ok());
  campcount::v1::EstimateRequest request = Request();
  request.set_image_uri("/vsicurl/" + http.Url("nowhere.tif"));
  EstimateOutcome outcome = RunEstimate(*server_->stub, request);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(outcome.status.error_message(), HasSubstr("nowhere.tif"));
}

TEST_F(PreprocessIntegrationTest, ResamplesToTheRequestedGsdAndSaysSo) {
  campcount::v1::EstimateRequest request = Request();
  request.set_target_gsd_m(0.25);
  request.set_contrast_stretch(true);
  request.set_boundary_geojson(Boundary());
  request.set_margin_m(6);
  EstimateOutcome outcome = RunEstimate(*server_->stub, request);
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  const auto& scene = outcome.started()->scene();
  EXPECT_NEAR(scene.gsd_m(), 0.25, 1e-9);
  EXPECT_NEAR(scene.native_gsd_m(), 0.5, 1e-9);
  EXPECT_EQ(scene.width(), 2 * options_.width_px);
  EXPECT_EQ(scene.height(), 2 * options_.height_px);
  EXPECT_TRUE(scene.contrast_stretched());
  EXPECT_EQ(scene.margin_m(), 6);
  // Overlap is in resampled pixels: 12 m at 0.25 m/px.
  EXPECT_GE(outcome.started()->tile_overlap_px(), 48);
  const auto* done = outcome.done();
  EXPECT_NEAR(done->features().gsd_m(), 0.25, 1e-9);
  const int64_t truth = static_cast<int64_t>(truth_->tents.size());
  EXPECT_NEAR(done->features().tent_count(), truth, 0.35 * truth);
  auto estimates = outcome.estimates();
  ASSERT_EQ(estimates.size(), 1u);
  EXPECT_THAT(InputValue(estimates[0], "image pre-processing"),
              HasSubstr("resampled from 0.5 to 0.25 m/px"));
  EXPECT_THAT(InputValue(estimates[0], "image pre-processing"),
              HasSubstr("contrast stretch"));
  EXPECT_EQ(InputValue(estimates[0], "image's own ground sample distance"),
            "0.5");
  EXPECT_EQ(InputValue(estimates[0], "ground sample distance"), "0.25");
}

TEST_F(PreprocessIntegrationTest, SelectsTheImageClosestBeforeTheDate) {
  // A dataset whose camp has the same image on two dates.
  const std::filesystem::path root =
      std::filesystem::path(truth_->path).parent_path() / "dataset";
  std::filesystem::create_directories(root / "camps");
  for (const char* date : {"2020-01-10", "2020-03-14"}) {
    std::filesystem::copy_file(
        truth_->path, root / "camps" / absl::StrCat(date, ".tif"),
        std::filesystem::copy_options::overwrite_existing);
  }
  std::ofstream(root / "camps/boundary.geojson") << Boundary();
  std::ofstream(root / "dataset.json") << R"({
    "format": "campcount-dataset/1", "census_csv": "",
    "camps": [{"id": "TEST_S001", "boundary": "camps/boundary.geojson",
      "images": [
        {"id": "TEST_S001_2020-01-10", "path": "camps/2020-01-10.tif",
         "date": "2020-01-10", "gsd_m": 0.5},
        {"id": "TEST_S001_2020-03-14", "path": "camps/2020-03-14.tif",
         "date": "2020-03-14", "gsd_m": 0.5}]}]})";

  campcount::v1::EstimateRequest request;
  request.set_dataset((root / "dataset.json").string());
  request.set_camp_id("TEST_S001");
  request.set_target_date("2020-03-01");
  EstimateOutcome outcome = RunEstimate(*server_->stub, request);
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  const auto* done = outcome.done();
  EXPECT_EQ(done->selected_image_id(), "TEST_S001_2020-01-10");
  EXPECT_EQ(done->days_image_to_target(), 51);
  EXPECT_EQ(done->features().image_date(), "2020-01-10");
  // The manifest's date, not the file's metadata (2020-03-14).
  EXPECT_EQ(outcome.started()->scene().acquisition_date(), "2020-01-10");
  EXPECT_EQ(done->features().days_to_target(), 51);
  // The camp's boundary came from the manifest.
  EXPECT_GT(outcome.started()->scene().boundary_size(), 0);
  auto estimates = outcome.estimates();
  ASSERT_EQ(estimates.size(), 1u);
  EXPECT_THAT(InputValue(estimates[0], "image chosen"),
              HasSubstr("TEST_S001_2020-01-10"));
  EXPECT_EQ(InputValue(estimates[0], "days from chosen image to target date"),
            "51");

  request.set_target_date("2019-12-31");
  outcome = RunEstimate(*server_->stub, request);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(outcome.status.error_message(),
              HasSubstr("no image taken on or before 2019-12-31"));

  std::filesystem::remove(root / "camps/2020-03-14.tif");
  request.set_target_date("2020-06-01");
  outcome = RunEstimate(*server_->stub, request);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(outcome.status.error_message(),
              HasSubstr("camps[0].images[1].path: "));
  EXPECT_TRUE(outcome.events.empty());
}

TEST_F(PreprocessIntegrationTest, BadPreprocessingInputIsNamed) {
  campcount::v1::EstimateRequest request = Request();
  request.set_target_gsd_m(0);
  EstimateOutcome outcome = RunEstimate(*server_->stub, request);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(outcome.status.error_message(), HasSubstr("target_gsd_m = 0"));

  request = Request();
  request.set_target_gsd_m(0.1);
  request.set_boundary_geojson(
      R"({"type": "Polygon", "coordinates": [[[2.0, 48.0], [2.1, 48.0],
          [2.1, 48.1], [2.0, 48.0]]]})");
  outcome = RunEstimate(*server_->stub, request);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(outcome.status.error_message(), HasSubstr("does not overlap"));

  request = Request();
  request.set_image_uri(truth_->path + ".missing.tif");
  request.set_target_gsd_m(0.25);
  outcome = RunEstimate(*server_->stub, request);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(outcome.status.error_message(), HasSubstr(".missing.tif"));
}

}  // namespace
}  // namespace campcount::testing
