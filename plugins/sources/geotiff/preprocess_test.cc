// Pre-processing in the geotiff source: resampling to a target GSD through a
// warped VRT, clipping to boundary + margin, percentile contrast stretch,
// nodata, and the bad inputs. Real GeoTIFFs written with GDAL.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gdal_priv.h"
#include "geotiff_source.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ogr_spatialref.h"
#include "resampled_grid.h"

namespace campcount::plugins {
namespace {

using ::campcount::sdk::CallContext;
using ::campcount::v1::OpenSceneRequest;
using ::campcount::v1::Scene;
using ::campcount::v1::Tile;
using ::testing::HasSubstr;

constexpr double kOriginX = 300000;
constexpr double kOriginY = 1310000;
constexpr double kGsd = 0.5;
constexpr int kWidth = 200;
constexpr int kHeight = 100;

// Value of band b at pixel (x, y).
using PixelFn = std::function<double(int b, int x, int y)>;

class PreprocessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto source = GeotiffSource::Create(campcount::v1::PluginConfig());
    ASSERT_TRUE(source.ok()) << source.status();
    source_ = *std::move(source);
    dir_ = std::filesystem::path(::testing::TempDir()) /
           absl::StrCat(
               "preprocess_test_", ::getpid(), "_",
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const PixelFn& value,
                    GDALDataType type = GDT_Byte, double nodata = NAN,
                    int epsg = 32633) {
    const std::string path = (dir_ / name).string();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr dataset(
        driver->Create(path.c_str(), kWidth, kHeight, 3, type, nullptr));
    EXPECT_NE(dataset, nullptr);
    double t[6] = {kOriginX, kGsd, 0, kOriginY, 0, -kGsd};
    if (epsg == 4326) {
      const double deg = kGsd / 111320.0;
      double g[6] = {13.17, deg, 0, 11.85, 0, -deg};
      std::copy(g, g + 6, t);
    }
    dataset->SetGeoTransform(t);
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    dataset->SetSpatialRef(&srs);
    std::vector<double> row(kWidth);
    for (int b = 0; b < 3; ++b) {
      GDALRasterBand* band = dataset->GetRasterBand(b + 1);
      if (!std::isnan(nodata)) band->SetNoDataValue(nodata);
      for (int y = 0; y < kHeight; ++y) {
        for (int x = 0; x < kWidth; ++x) row[x] = value(b, x, y);
        EXPECT_EQ(band->RasterIO(GF_Write, 0, y, kWidth, 1, row.data(), kWidth,
                                 1, GDT_Float64, 0, 0, nullptr),
                  CE_None);
      }
    }
    return path;
  }

  absl::StatusOr<Scene> Open(OpenSceneRequest request) {
    return source_->OpenScene(request, CallContext(nullptr));
  }
  OpenSceneRequest Request(const std::string& uri) {
    OpenSceneRequest request;
    request.set_uri(uri);
    return request;
  }
  absl::StatusOr<Tile> Read(const Scene& scene, int64_t x, int64_t y, int64_t w,
                            int64_t h) {
    campcount::v1::ReadTileRequest request;
    request.set_scene_handle(scene.handle());
    request.mutable_window()->set_x(x);
    request.mutable_window()->set_y(y);
    request.mutable_window()->set_width(w);
    request.mutable_window()->set_height(h);
    return source_->ReadTile(request, CallContext(nullptr));
  }
  static uint8_t At(const Tile& tile, int b, int x, int y) {
    return uint8_t(
        tile.pixels()[(size_t(y) * tile.window().width() + x) * tile.bands() +
                      b]);
  }

  // A GeoJSON polygon in the image's CRS (EPSG:32633) around source pixels
  // [x0, x1) x [y0, y1).
  static std::string Box(double x0, double y0, double x1, double y1) {
    auto X = [](double px) { return kOriginX + px * kGsd; };
    auto Y = [](double py) { return kOriginY - py * kGsd; };
    return absl::StrFormat(
        R"({"type": "FeatureCollection", "crs": {"type": "name", "properties":
        {"name": "urn:ogc:def:crs:EPSG::32633"}}, "features": [{"type":
        "Feature", "properties": {}, "geometry": {"type": "Polygon",
        "coordinates": [[[%.3f, %.3f], [%.3f, %.3f], [%.3f, %.3f],
        [%.3f, %.3f], [%.3f, %.3f]]]}}]})",
        X(x0), Y(y0), X(x1), Y(y0), X(x1), Y(y1), X(x0), Y(y1), X(x0), Y(y0));
  }

  std::unique_ptr<GeotiffSource> source_;
  std::filesystem::path dir_;
};

// Band 0 rises one unit per source column: after resampling, the value at
// a pixel tells where in the source it came from.
double Ramp(int b, int x, int y) { return b == 0 ? x : (b == 1 ? y : 60); }

TEST_F(PreprocessTest, ResamplesToTheTargetGsd) {
  OpenSceneRequest request = Request(Write("ramp.tif", Ramp));
  request.set_target_gsd_m(0.1);
  absl::StatusOr<Scene> scene = Open(request);
  ASSERT_TRUE(scene.ok()) << scene.status();
  EXPECT_NEAR(scene->gsd_m(), 0.1, 1e-9);
  EXPECT_NEAR(scene->native_gsd_m(), 0.5, 1e-9);
  EXPECT_EQ(scene->width(), kWidth * 5);
  EXPECT_EQ(scene->height(), kHeight * 5);
  EXPECT_EQ(scene->epsg(), 32633);
  const auto& t = scene->geotransform().coefficients();
  ASSERT_EQ(t.size(), 6);
  EXPECT_NEAR(t[0], kOriginX, 1e-6);
  EXPECT_NEAR(t[1], 0.1, 1e-12);
  EXPECT_NEAR(t[3], kOriginY, 1e-6);
  EXPECT_NEAR(t[5], -0.1, 1e-12);
  EXPECT_EQ(scene->area_of_interest().width(), kWidth * 5);
  EXPECT_THAT(scene->preprocessing(),
              HasSubstr("resampled from 0.5 to 0.1 m/px (bilinear"));

  // Pixel X of the new grid has its centre at source column (X + 0.5) / 5;
  // bilinear between column centres gives (X + 0.5) / 5 - 0.5.
  absl::StatusOr<Tile> tile = Read(*scene, 300, 200, 64, 32);
  ASSERT_TRUE(tile.ok()) << tile.status();
  EXPECT_NEAR(tile->gsd_m(), 0.1, 1e-9);
  for (int x : {0, 13, 40, 63}) {
    const double expected = (300 + x + 0.5) / 5 - 0.5;
    EXPECT_NEAR(At(*tile, 0, x, 7), expected, 1.0) << x;
  }
  EXPECT_NEAR(At(*tile, 1, 5, 20), (200 + 20 + 0.5) / 5 - 0.5, 1.0);
  EXPECT_EQ(At(*tile, 2, 9, 9), 60);
}

TEST_F(PreprocessTest, ResampledTilesStayRightWhileSourceRowsAreDropped) {
  // The source drops the image rows the warp has moved past from GDAL's
  // cache; read row by row as the engine does, then back up (which must
  // decode them again), every tile still holds the right pixels.
  OpenSceneRequest request = Request(Write("ramp.tif", Ramp));
  request.set_target_gsd_m(0.1);
  absl::StatusOr<Scene> scene = Open(request);
  ASSERT_TRUE(scene.ok()) << scene.status();
  auto check = [&](int64_t x0, int64_t y0) {
    absl::StatusOr<Tile> tile = Read(*scene, x0, y0, 64, 64);
    ASSERT_TRUE(tile.ok()) << tile.status();
    for (int y : {0, 31, 63}) {
      // Band 1 rises one unit per source row (clamped at the image edges).
      const double source_row =
          std::clamp((y0 + y + 0.5) / 5 - 0.5, 0.0, kHeight - 1.0);
      EXPECT_NEAR(At(*tile, 1, 10, y), source_row, 1.0) << x0 << "," << y0;
    }
  };
  for (int64_t y0 = 0; y0 + 64 <= kHeight * 5; y0 += 56) {
    for (int64_t x0 = 0; x0 + 64 <= kWidth * 5; x0 += 280) check(x0, y0);
  }
  check(0, 0);
  check(500, 120);
}

TEST(FirstSourceRowStillNeededTest, IsTheGridRowInTheSourceLessTheKernel) {
  GDALAllRegister();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDatasetUniquePtr source(mem->Create("", 200, 100, 3, GDT_Byte, nullptr));
  double t[6] = {kOriginX, kGsd, 0, kOriginY, 0, -kGsd};
  source->SetGeoTransform(t);
  OGRSpatialReference srs;
  srs.importFromEPSG(32633);
  source->SetSpatialRef(&srs);
  // Five grid rows per source row: grid row 250 is source row 50; bilinear
  // reaches 3 + 2 rows above it.
  absl::StatusOr<ResampledGrid> finer =
      MakeResampledGrid(*source, srs, {1, 2, 3}, kGsd, 0.1, GRA_Bilinear, "m");
  ASSERT_TRUE(finer.ok()) << finer.status();
  EXPECT_NEAR(FirstSourceRowStillNeeded(finer->source_rows, 250), 45, 1);
  EXPECT_EQ(FirstSourceRowStillNeeded(finer->source_rows, 0), 0);
  // Two source rows per grid row, and a kernel twice as wide.
  absl::StatusOr<ResampledGrid> coarser =
      MakeResampledGrid(*source, srs, {1, 2, 3}, kGsd, 1.0, GRA_Bilinear, "m");
  ASSERT_TRUE(coarser.ok()) << coarser.status();
  EXPECT_NEAR(FirstSourceRowStillNeeded(coarser->source_rows, 30), 60 - 8, 1);
}

TEST_F(PreprocessTest, DownsamplesAndKeepsTheOwnGridWhenAskedForIt) {
  const std::string path = Write("ramp.tif", Ramp);
  OpenSceneRequest request = Request(path);
  request.set_target_gsd_m(1.0);
  request.set_resampling("average");
  absl::StatusOr<Scene> scene = Open(request);
  ASSERT_TRUE(scene.ok()) << scene.status();
  EXPECT_EQ(scene->width(), kWidth / 2);
  EXPECT_EQ(scene->height(), kHeight / 2);
  absl::StatusOr<Tile> tile = Read(*scene, 10, 0, 4, 4);
  ASSERT_TRUE(tile.ok());
  EXPECT_NEAR(At(*tile, 0, 0, 0), 20.5, 1.0);  // mean of columns 20 and 21

  request.set_target_gsd_m(0.5);  // the image's own: read as it is
  scene = Open(request);
  ASSERT_TRUE(scene.ok());
  EXPECT_EQ(scene->width(), kWidth);
  EXPECT_THAT(scene->preprocessing(), HasSubstr("image's own grid"));
}

TEST_F(PreprocessTest, BoundaryAndMarginLandInTheResampledGrid) {
  OpenSceneRequest request = Request(Write("ramp.tif", Ramp));
  request.set_boundary_geojson(Box(20, 10, 120, 60));
  request.set_target_gsd_m(0.25);
  absl::StatusOr<Scene> scene = Open(request);
  ASSERT_TRUE(scene.ok()) << scene.status();
  // Source pixels x 2 at 0.25 m/px.
  EXPECT_EQ(scene->area_of_interest().x(), 40);
  EXPECT_EQ(scene->area_of_interest().y(), 20);
  EXPECT_EQ(scene->area_of_interest().width(), 200);
  EXPECT_EQ(scene->area_of_interest().height(), 100);
  ASSERT_EQ(scene->boundary_size(), 1);
  const auto& ring = scene->boundary(0).rings(0);
  EXPECT_NEAR(*std::min_element(ring.x().begin(), ring.x().end()), 40, 1e-3);
  EXPECT_NEAR(*std::max_element(ring.y().begin(), ring.y().end()), 120, 1e-3);
  // The camp's area is the boundary's, whatever the grid.
  EXPECT_NEAR(scene->area_m2(), 100 * 50 * kGsd * kGsd, 1.0);

  // 5 m of margin is 20 px at 0.25 m/px; it stops at the image edge.
  request.set_margin_m(5);
  scene = Open(request);
  ASSERT_TRUE(scene.ok()) << scene.status();
  EXPECT_EQ(scene->area_of_interest().x(), 20);
  EXPECT_EQ(scene->area_of_interest().y(), 0);
  EXPECT_EQ(scene->area_of_interest().width(), 240);
  EXPECT_EQ(scene->area_of_interest().height(), 140);
  EXPECT_EQ(scene->margin_m(), 5);
  EXPECT_NEAR(scene->area_m2(), 100 * 50 * kGsd * kGsd, 1.0);
  EXPECT_THAT(scene->preprocessing(), HasSubstr("boundary + 5 m"));
}

// Low contrast (values 100-150) as in hazy imagery.
double Hazy(int b, int x, int y) { return 100 + (x + 7 * y + 13 * b) % 51; }

TEST_F(PreprocessTest, StretchOffKeepsPixelsStretchOnSpreadsThem) {
  OpenSceneRequest request = Request(Write("hazy.tif", Hazy));
  request.set_contrast_stretch(false);
  absl::StatusOr<Scene> plain = Open(request);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_FALSE(plain->contrast_stretched());
  absl::StatusOr<Tile> kept = Read(*plain, 0, 0, kWidth, kHeight);
  ASSERT_TRUE(kept.ok());
  for (int y : {0, 33, 99}) {
    for (int x : {0, 50, 199}) {
      for (int b = 0; b < 3; ++b) {
        EXPECT_EQ(At(*kept, b, x, y), Hazy(b, x, y)) << x << "," << y;
      }
    }
  }

  request.set_contrast_stretch(true);
  request.set_stretch_low_percent(2);
  request.set_stretch_high_percent(98);
  absl::StatusOr<Scene> stretched = Open(request);
  ASSERT_TRUE(stretched.ok()) << stretched.status();
  EXPECT_TRUE(stretched->contrast_stretched());
  EXPECT_THAT(stretched->preprocessing(), HasSubstr("contrast stretch 2-98"));
  absl::StatusOr<Tile> tile = Read(*stretched, 0, 0, kWidth, kHeight);
  ASSERT_TRUE(tile.ok());
  int lo = 255, hi = 0, changed = 0;
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      const int v = At(*tile, 0, x, y);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      changed += v != At(*kept, 0, x, y);
      // Order is kept: brighter in stays brighter (or equal) out.
      if (x > 0 && Hazy(0, x, y) > Hazy(0, x - 1, y)) {
        EXPECT_GE(v, At(*tile, 0, x - 1, y));
      }
    }
  }
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 255);
  EXPECT_GT(changed, kWidth * kHeight * 9 / 10);
}

TEST_F(PreprocessTest, StretchWorksOnSixteenBitImages) {
  // 16-bit values 1000-3000 would all clamp to 255 without a stretch.
  OpenSceneRequest request = Request(Write(
      "wide.tif", [](int b, int x, int y) { return 1000 + 10 * x; },
      GDT_UInt16));
  request.set_contrast_stretch(true);
  request.set_stretch_low_percent(0);
  request.set_stretch_high_percent(100);
  absl::StatusOr<Scene> scene = Open(request);
  ASSERT_TRUE(scene.ok()) << scene.status();
  absl::StatusOr<Tile> tile = Read(*scene, 0, 0, kWidth, 1);
  ASSERT_TRUE(tile.ok());
  EXPECT_EQ(At(*tile, 0, 0, 0), 0);
  EXPECT_EQ(At(*tile, 0, kWidth - 1, 0), 255);
  EXPECT_NEAR(At(*tile, 0, 100, 0), 128, 1);
}

// Left quarter is nodata (value 7); the rest low-contrast data.
double HalfNodata(int b, int x, int y) { return x < 50 ? 7 : Hazy(b, x, y); }

TEST_F(PreprocessTest, NodataStaysOutOfTheStretchAndComesOutZero) {
  for (double target : {0.0, 0.25}) {
    SCOPED_TRACE(target);
    OpenSceneRequest request =
        Request(Write("nodata.tif", HalfNodata, GDT_Byte, 7));
    if (target > 0) request.set_target_gsd_m(target);
    request.set_contrast_stretch(true);
    absl::StatusOr<Scene> scene = Open(request);
    ASSERT_TRUE(scene.ok()) << scene.status();
    EXPECT_THAT(scene->preprocessing(), HasSubstr("nodata pixels set to 0"));
    // The percentiles are those of the valid pixels (100..150), not 7.
    EXPECT_THAT(scene->preprocessing(), HasSubstr("(10"));
    const int64_t w = scene->width(), h = scene->height();
    absl::StatusOr<Tile> tile = Read(*scene, 0, 0, w, h);
    ASSERT_TRUE(tile.ok()) << tile.status();
    const int64_t edge = w / 4;  // the nodata quarter
    int valid_lo = 255, valid_hi = 0;
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        for (int b = 0; b < 3; ++b) {
          if (x < edge - 2) {
            ASSERT_EQ(At(*tile, b, x, y), 0) << x << "," << y;
          } else if (x > edge + 2) {
            valid_lo = std::min<int>(valid_lo, At(*tile, b, x, y));
            valid_hi = std::max<int>(valid_hi, At(*tile, b, x, y));
          }
        }
      }
    }
    // Were the nodata 7s counted, the lowest valid value (100) would map
    // to about 100 / 150 * 255, far from 0.
    EXPECT_LE(valid_lo, 5);
    EXPECT_GE(valid_hi, 250);
  }
}

TEST_F(PreprocessTest, NodataComesOutZeroWithoutStretchToo) {
  OpenSceneRequest request =
      Request(Write("nodata.tif", HalfNodata, GDT_Byte, 7));
  absl::StatusOr<Scene> scene = Open(request);
  ASSERT_TRUE(scene.ok()) << scene.status();
  absl::StatusOr<Tile> tile = Read(*scene, 0, 0, kWidth, 1);
  ASSERT_TRUE(tile.ok());
  EXPECT_EQ(At(*tile, 0, 10, 0), 0);
  EXPECT_EQ(At(*tile, 0, 120, 0), Hazy(0, 120, 0));
}

TEST_F(PreprocessTest, GeographicImageIsReprojectedToUtm) {
  OpenSceneRequest request =
      Request(Write("lonlat.tif", Ramp, GDT_Byte, NAN, 4326));
  request.set_target_gsd_m(0.5);
  absl::StatusOr<Scene> scene = Open(request);
  ASSERT_TRUE(scene.ok()) << scene.status();
  EXPECT_EQ(scene->epsg(), 32633);  // 13.17 E, 11.85 N
  EXPECT_NEAR(scene->gsd_m(), 0.5, 1e-9);
  EXPECT_NEAR(scene->width(), kWidth, 3);
  EXPECT_NEAR(scene->height(), kHeight, 3);
  EXPECT_THAT(scene->preprocessing(), HasSubstr("reprojected to EPSG:32633"));
  absl::StatusOr<Tile> tile = Read(*scene, 0, 0, scene->width(), 1);
  ASSERT_TRUE(tile.ok()) << tile.status();
}

TEST_F(PreprocessTest, BadSettingsNameTheField) {
  const std::string path = Write("ramp.tif", Ramp);
  struct Case {
    std::function<void(OpenSceneRequest*)> edit;
    std::string message;
  };
  const Case cases[] = {
      {[](auto* r) { r->set_target_gsd_m(0); }, "target_gsd_m = 0"},
      {[](auto* r) { r->set_target_gsd_m(-0.1); }, "target_gsd_m = -0.1"},
      {[](auto* r) { r->set_target_gsd_m(NAN); }, "target_gsd_m"},
      {[](auto* r) { r->set_target_gsd_m(0.001); }, "more than 20 times finer"},
      {[](auto* r) { r->set_margin_m(-1); }, "margin_m = -1"},
      {[](auto* r) { r->set_stretch_low_percent(99); }, "0 <= low < high"},
      {[](auto* r) { r->set_resampling("sharpest"); },
       "resampling 'sharpest' is not one of"},
  };
  for (const Case& c : cases) {
    OpenSceneRequest request = Request(path);
    c.edit(&request);
    absl::StatusOr<Scene> scene = Open(request);
    EXPECT_EQ(scene.status().code(), absl::StatusCode::kInvalidArgument)
        << c.message;
    EXPECT_THAT(std::string(scene.status().message()), HasSubstr(c.message));
  }
}

TEST_F(PreprocessTest, BoundaryOutsideTheResampledImageIsRefused) {
  OpenSceneRequest request = Request(Write("ramp.tif", Ramp));
  request.set_boundary_geojson(Box(1000, 1000, 1100, 1100));
  request.set_target_gsd_m(0.1);
  absl::StatusOr<Scene> scene = Open(request);
  EXPECT_EQ(scene.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(scene.status().message()),
              HasSubstr("does not overlap image"));
}

TEST_F(PreprocessTest, SettingsGiveTheDefaults) {
  campcount::v1::PluginConfig config;
  (*config.mutable_settings())["contrast_stretch"] = "true";
  (*config.mutable_settings())["margin_m"] = "2.5";
  (*config.mutable_settings())["resampling"] = "cubic";
  auto source = GeotiffSource::Create(config);
  ASSERT_TRUE(source.ok()) << source.status();
  OpenSceneRequest request = Request(Write("hazy.tif", Hazy));
  request.set_boundary_geojson(Box(20, 10, 120, 60));
  request.set_target_gsd_m(0.25);
  absl::StatusOr<Scene> scene =
      (*source)->OpenScene(request, CallContext(nullptr));
  ASSERT_TRUE(scene.ok()) << scene.status();
  EXPECT_TRUE(scene->contrast_stretched());
  EXPECT_EQ(scene->margin_m(), 2.5);
  EXPECT_THAT(scene->preprocessing(), HasSubstr("(cubic"));

  for (const auto& [key, value] :
       {std::pair{"margin_m", "-3"}, std::pair{"resampling", "magic"},
        std::pair{"stretch_high_percent", "101"}}) {
    campcount::v1::PluginConfig bad;
    (*bad.mutable_settings())[key] = value;
    auto refused = GeotiffSource::Create(bad);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(refused.status().message()), HasSubstr(key));
  }
}

}  // namespace
}  // namespace campcount::plugins
