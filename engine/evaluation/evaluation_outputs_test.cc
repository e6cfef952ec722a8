// The evaluation's outputs on real files: a GeoTIFF written with GDAL, the
// GeoJSON parsed back, the overlay PNG read back pixel by pixel.
#include <gdal_priv.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <ogr_spatialref.h>

#include <filesystem>
#include <opencv2/imgcodecs.hpp>

#include "absl/strings/match.h"
#include "atomic_file.h"
#include "evaluation_geojson.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "image_evaluation.h"
#include "image_frame.h"
#include "overlay_image.h"
#include "plain_tile.h"
#include "staged_output.h"

namespace campcount::evaluation {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr double kOriginX = 300000, kOriginY = 1310000, kGsd = 0.5;
constexpr int kWidth = 600, kHeight = 400;

class EvaluationOutputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GDALAllRegister();
    dir_ = fs::path(::testing::TempDir()) /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    tif_ = (dir_ / "camp.tif").string();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr ds(
        driver->Create(tif_.c_str(), kWidth, kHeight, 3, GDT_Byte, nullptr));
    double transform[6] = {kOriginX, kGsd, 0, kOriginY, 0, -kGsd};
    ds->SetGeoTransform(transform);
    OGRSpatialReference srs;
    srs.importFromEPSG(32633);
    ds->SetSpatialRef(&srs);
    for (int b = 1; b <= 3; ++b) ds->GetRasterBand(b)->Fill(128);
  }

  // One TP, one FP, one detection below the threshold on the second truth
  // (so that truth is a miss), one truth nobody found, one makeshift label
  // under the FP.
  ImageEvaluation Example() const {
    std::vector<ScoredBox> detections = {
        {core::Box{100, 100, 120, 120}, 0.9f},   // TP on truth 0
        {core::Box{300, 200, 330, 220}, 0.8f},   // FP on the makeshift
        {core::Box{200, 300, 220, 320}, 0.3f}};  // below 0.5, on truth 1
    std::vector<LabelBox> labels = {
        {core::Box{101, 101, 121, 121}, "tent"},
        {core::Box{200, 300, 220, 320}, "tent"},
        {core::Box{450, 100, 470, 130}, "tent"},
        {core::Box{300, 200, 330, 221}, "makeshift"}};
    return EvaluateImage("AD_S001", "AD_S001_2019-03-14", tif_, detections,
                         labels);
  }

  fs::path dir_;
  std::string tif_;
};

TEST_F(EvaluationOutputsTest, ReportCountsTheExample) {
  const EvaluationReport report = BuildReport({Example()}, 0.5f);
  ASSERT_EQ(report.camps.size(), 1u);
  const DetectionSummary& s = report.overall.summary;
  EXPECT_EQ(s.truths, 3);
  EXPECT_EQ(s.true_positives, 1);
  EXPECT_EQ(s.false_positives, 1);
  EXPECT_EQ(s.misses, 2);
  EXPECT_EQ(report.overall.false_positives_on_other_labels, 1);
  // Ranked 0.9 TP, 0.8 FP, 0.3 TP over 3 truths: AP = 1/3*1 + 1/3*2/3.
  EXPECT_NEAR(s.average_precision, 5.0 / 9.0, 1e-12);
  // At 0.1-0.3 the 0.3 detection counts too; above 0.8 only the 0.9 one.
  ASSERT_EQ(report.operating_points.size(), 9u);
  EXPECT_FLOAT_EQ(report.operating_points[0].threshold, 0.1f);
  EXPECT_EQ(report.operating_points[0].summary.true_positives, 2);
  EXPECT_EQ(report.operating_points[2].summary.true_positives, 2);
  EXPECT_EQ(report.operating_points[3].summary.true_positives, 1);
  EXPECT_EQ(report.operating_points[8].summary.false_positives, 0);
  EXPECT_EQ(report.operating_points[8].summary.true_positives, 1);
}

TEST_F(EvaluationOutputsTest, FrameMapsBoxesToLonLatAndBack) {
  absl::StatusOr<ImageFrame> frame = ImageFrame::Open(tif_);
  ASSERT_TRUE(frame.ok()) << frame.status();
  absl::StatusOr<std::array<LonLat, 4>> corners =
      frame->ToLonLat(core::Box{10, 20, 30, 40});
  ASSERT_TRUE(corners.ok()) << corners.status();
  // Back to UTM 33N with OGR: the top-left corner must be pixel (10, 20).
  OGRSpatialReference wgs84, utm;
  wgs84.SetWellKnownGeogCS("WGS84");
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  utm.importFromEPSG(32633);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> back(
      OGRCreateCoordinateTransformation(&wgs84, &utm));
  double x = (*corners)[0].lon, y = (*corners)[0].lat;
  ASSERT_TRUE(back->Transform(1, &x, &y));
  EXPECT_NEAR(x, kOriginX + 10 * kGsd, 1e-3);
  EXPECT_NEAR(y, kOriginY - 20 * kGsd, 1e-3);
  // North-east Nigeria.
  EXPECT_NEAR((*corners)[0].lon, 13.2, 0.3);
  EXPECT_NEAR((*corners)[0].lat, 11.85, 0.3);
}

TEST_F(EvaluationOutputsTest, ScenePixelsOfAResampledSceneComeBack) {
  absl::StatusOr<ImageFrame> frame = ImageFrame::Open(tif_);
  ASSERT_TRUE(frame.ok()) << frame.status();
  campcount::v1::Scene same;
  for (double c : {kOriginX, kGsd, 0.0, kOriginY, 0.0, -kGsd}) {
    same.mutable_geotransform()->add_coefficients(c);
  }
  same.set_width(kWidth);
  same.set_height(kHeight);
  absl::StatusOr<core::Box> box =
      frame->FromScenePixels(same, core::Box{1.5, 2.5, 3.5, 4.5});
  ASSERT_TRUE(box.ok());
  EXPECT_EQ(box->xmin, 1.5);
  EXPECT_EQ(box->ymax, 4.5);

  // The source resampled to 0.25 m and clipped 40 px (10 m) off the left.
  campcount::v1::Scene resampled;
  for (double c : {kOriginX + 10, 0.25, 0.0, kOriginY, 0.0, -0.25}) {
    resampled.mutable_geotransform()->add_coefficients(c);
  }
  resampled.set_width(1120);
  resampled.set_height(800);
  box = frame->FromScenePixels(resampled, core::Box{20, 20, 40, 40});
  ASSERT_TRUE(box.ok()) << box.status();
  EXPECT_NEAR(box->xmin, 30, 1e-9);
  EXPECT_NEAR(box->ymin, 10, 1e-9);
  EXPECT_NEAR(box->xmax, 40, 1e-9);
  EXPECT_NEAR(box->ymax, 20, 1e-9);
}

TEST_F(EvaluationOutputsTest, FrameRefusesAnImageWithoutGeoreference) {
  const std::string png = (dir_ / "tile.png").string();
  ASSERT_TRUE(cv::imwrite(png, cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3))));
  absl::StatusOr<ImageFrame> frame = ImageFrame::Open(png);
  ASSERT_FALSE(frame.ok());
  EXPECT_THAT(frame.status().message(), HasSubstr(png));
}

int CountOf(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST_F(EvaluationOutputsTest, GeoJsonHasEveryOutcomeAndParses) {
  const std::vector<ImageEvaluation> images = {Example()};
  absl::StatusOr<ImageFrame> frame = ImageFrame::Open(tif_);
  ASSERT_TRUE(frame.ok());
  for (const bool georeferenced : {true, false}) {
    const std::vector<const ImageFrame*> frames = {georeferenced ? &*frame
                                                                 : nullptr};
    absl::StatusOr<std::string> json = EvaluationGeoJson(images, frames, 0.5f);
    ASSERT_TRUE(json.ok()) << json.status();
    google::protobuf::Value parsed;
    ASSERT_TRUE(
        google::protobuf::util::JsonStringToMessage(*json, &parsed).ok())
        << *json;
    EXPECT_EQ(parsed.struct_value()
                  .fields()
                  .at("features")
                  .list_value()
                  .values_size(),
              4);
    EXPECT_EQ(CountOf(*json, "\"true_positive\""), 1);
    EXPECT_EQ(CountOf(*json, "\"false_positive\""), 1);
    EXPECT_EQ(CountOf(*json, "\"miss\""), 2);
    if (georeferenced) {
      EXPECT_THAT(*json, HasSubstr("EPSG:4326"));
      EXPECT_THAT(*json, HasSubstr("[13."));
    } else {
      EXPECT_THAT(*json, HasSubstr("image pixels"));
      EXPECT_THAT(*json, HasSubstr("[[100.00,100.00],[120.00,100.00]"));
    }
  }
}

TEST_F(EvaluationOutputsTest, OverlayDrawsGreenOrangeRed) {
  const std::string png = (dir_ / "overlay.png").string();
  OverlayOptions options;
  ASSERT_TRUE(WriteOverlayPng(Example(), png, options).ok());
  const cv::Mat image = cv::imread(png, cv::IMREAD_COLOR);
  ASSERT_EQ(image.cols, kWidth);
  ASSERT_EQ(image.rows, kHeight + 30);  // the legend strip
  auto bgr = [&](int x, int y) { return image.at<cv::Vec3b>(y, x); };
  // Left edges of: the TP detection, the FP, the unfound truth, and the
  // truth whose only detection scored below the threshold.
  EXPECT_EQ(bgr(100, 110), cv::Vec3b(0, 200, 0));
  EXPECT_EQ(bgr(300, 210), cv::Vec3b(0, 140, 255));
  EXPECT_EQ(bgr(450, 115), cv::Vec3b(0, 0, 255));
  EXPECT_EQ(bgr(200, 310), cv::Vec3b(0, 0, 255));
  // Inside the boxes the image is untouched.
  EXPECT_EQ(bgr(110, 110), cv::Vec3b(128, 128, 128));
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_FALSE(absl::StrContains(entry.path().string(), ".partial"));
  }
}

TEST_F(EvaluationOutputsTest, LargeImagesAreDrawnDownscaled) {
  const std::string png = (dir_ / "small.png").string();
  OverlayOptions options;
  options.max_side_px = 300;
  ASSERT_TRUE(WriteOverlayPng(Example(), png, options).ok());
  const cv::Mat image = cv::imread(png, cv::IMREAD_COLOR);
  EXPECT_EQ(image.cols, 300);
  EXPECT_EQ(image.rows, 200 + 30);
}

TEST_F(EvaluationOutputsTest, AFailedWriteLeavesNothing) {
  const std::string png = (dir_ / "no-such-dir" / "overlay.png").string();
  absl::Status status = WriteOverlayPng(Example(), png, OverlayOptions{});
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("no-such-dir"));
  EXPECT_FALSE(fs::exists(dir_ / "no-such-dir"));

  const std::string text = (dir_ / "report.json").string();
  ASSERT_TRUE(WriteFileAtomically(text, "{}\n").ok());
  ASSERT_TRUE(WriteFileAtomically(text, "{\"a\":1}\n").ok());
  EXPECT_EQ(fs::file_size(text), 8u);
}

TEST_F(EvaluationOutputsTest, PlainTileGetsANominalGeoreference) {
  const std::string png = (dir_ / "tile.png").string();
  ASSERT_TRUE(cv::imwrite(png, cv::Mat(30, 40, CV_8UC3, cv::Scalar(9, 9, 9))));
  EXPECT_TRUE(IsPlainTileName(png));
  EXPECT_TRUE(IsPlainTileName("a/B.JPEG"));
  EXPECT_FALSE(IsPlainTileName(tif_));
  const std::string vrt = (dir_ / "tile.vrt").string();
  ASSERT_TRUE(WriteNominalGeoreferenceVrt(png, 0.25, vrt).ok());
  GDALDatasetUniquePtr ds(GDALDataset::Open(vrt.c_str(), GDAL_OF_RASTER));
  ASSERT_NE(ds, nullptr);
  double t[6];
  ASSERT_EQ(ds->GetGeoTransform(t), CE_None);
  EXPECT_DOUBLE_EQ(t[1], 0.25);
  EXPECT_DOUBLE_EQ(t[5], -0.25);
  EXPECT_EQ(ds->GetRasterXSize(), 40);
  absl::StatusOr<ImageFrame> frame = ImageFrame::Open(vrt);
  ASSERT_TRUE(frame.ok()) << frame.status();
  EXPECT_EQ(frame->height(), 30);
}

TEST_F(EvaluationOutputsTest, PlainTileRefusesAZeroGsdAndANonImage) {
  const std::string png = (dir_ / "tile.png").string();
  ASSERT_TRUE(cv::imwrite(png, cv::Mat(8, 8, CV_8UC3, cv::Scalar(9, 9, 9))));
  for (double gsd : {0.0, -1.0, std::nan("")}) {
    absl::Status s =
        WriteNominalGeoreferenceVrt(png, gsd, (dir_ / "t.vrt").string());
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(s.message(), HasSubstr("ground sample distance"));
    EXPECT_THAT(s.message(), HasSubstr(png));
  }
  const std::string text = (dir_ / "notes.png").string();
  ASSERT_TRUE(WriteFileAtomically(text, "not a png").ok());
  absl::Status s =
      WriteNominalGeoreferenceVrt(text, 0.5, (dir_ / "n.vrt").string());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr(text));
  EXPECT_FALSE(fs::exists(dir_ / "n.vrt"));
}

TEST_F(EvaluationOutputsTest, StagedOutputPublishesAllOrNothing) {
  const fs::path out = dir_ / "out";
  {
    absl::StatusOr<StagedOutput> staged = StagedOutput::Create(out.string());
    ASSERT_TRUE(staged.ok()) << staged.status();
    fs::create_directories(staged->StagingPath("overlays"));
    ASSERT_TRUE(
        WriteFileAtomically(staged->StagingPath("overlays") + "/old.png", "x")
            .ok());
    ASSERT_TRUE(WriteFileAtomically(staged->StagingPath("r.json"), "1").ok());
    ASSERT_TRUE(staged->Publish({"overlays", "r.json"}).ok());
  }
  EXPECT_TRUE(fs::exists(out / "overlays" / "old.png"));
  {
    // A second run replaces the overlays directory as a whole...
    absl::StatusOr<StagedOutput> staged = StagedOutput::Create(out.string());
    ASSERT_TRUE(staged.ok());
    fs::create_directories(staged->StagingPath("overlays"));
    ASSERT_TRUE(
        WriteFileAtomically(staged->StagingPath("overlays") + "/new.png", "y")
            .ok());
    ASSERT_TRUE(staged->Publish({"overlays"}).ok());
  }
  EXPECT_TRUE(fs::exists(out / "overlays" / "new.png"));
  EXPECT_FALSE(fs::exists(out / "overlays" / "old.png"));
  {
    // ...and one that fails before publishing changes nothing.
    absl::StatusOr<StagedOutput> staged = StagedOutput::Create(out.string());
    ASSERT_TRUE(staged.ok());
    ASSERT_TRUE(WriteFileAtomically(staged->StagingPath("r.json"), "2").ok());
  }
  int entries = 0;
  for (const auto& entry : fs::directory_iterator(out)) {
    ++entries;
    EXPECT_FALSE(absl::StrContains(entry.path().string(), ".staging"));
  }
  EXPECT_EQ(entries, 2);  // overlays/ and r.json
  EXPECT_EQ(fs::file_size(out / "r.json"), 1u);
}

}  // namespace
}  // namespace campcount::evaluation
