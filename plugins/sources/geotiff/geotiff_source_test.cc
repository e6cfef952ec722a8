#include "geotiff_source.h"

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gdal_priv.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ogr_spatialref.h"

namespace campcount::plugins {
namespace {

using ::campcount::sdk::CallContext;
using ::campcount::v1::OpenSceneRequest;
using ::campcount::v1::ReadTileRequest;
using ::campcount::v1::Scene;
using ::testing::HasSubstr;

// Near Maiduguri, north-east Nigeria, in UTM zone 33N.
constexpr double kOriginX = 300000;
constexpr double kOriginY = 1310000;
constexpr double kGsd = 0.5;
constexpr int kWidth = 200;
constexpr int kHeight = 100;

// A pattern that makes every pixel of the first 256 columns and rows unique.
uint8_t PixelValue(int band, int x, int y) {
  switch (band) {
    case 0:
      return uint8_t(x % 256);
    case 1:
      return uint8_t(y % 256);
    default:
      return uint8_t((x + 3 * y) % 256);
  }
}

struct TiffOptions {
  int bands = 3;
  GDALDataType type = GDT_Byte;
  bool georeferenced = true;
  int epsg = 32633;
  std::vector<std::pair<std::string, std::string>> metadata;
};

class GeotiffSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto source = GeotiffSource::Create(campcount::v1::PluginConfig());
    ASSERT_TRUE(source.ok()) << source.status();
    source_ = *std::move(source);
    dir_ = std::filesystem::path(::testing::TempDir()) /
           absl::StrCat(
               "geotiff_source_test_", ::getpid(), "_",
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string WriteTiff(const std::string& name, const TiffOptions& options) {
    const std::string path = (dir_ / name).string();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr dataset(driver->Create(
        path.c_str(), kWidth, kHeight, options.bands, options.type, nullptr));
    EXPECT_NE(dataset, nullptr);
    if (options.georeferenced) {
      double transform[6];
      if (options.epsg == 4326) {
        // The same ground size in degrees, around 13.17 E, 11.85 N.
        const double deg = kGsd / 111320.0;
        double t[6] = {13.17, deg, 0, 11.85, 0, -deg};
        std::copy(t, t + 6, transform);
      } else {
        double t[6] = {kOriginX, kGsd, 0, kOriginY, 0, -kGsd};
        std::copy(t, t + 6, transform);
      }
      dataset->SetGeoTransform(transform);
      OGRSpatialReference srs;
      srs.importFromEPSG(options.epsg);
      dataset->SetSpatialRef(&srs);
    }
    for (const auto& [key, value] : options.metadata) {
      dataset->SetMetadataItem(key.c_str(), value.c_str());
    }
    std::vector<uint16_t> row(kWidth);
    for (int band = 0; band < options.bands; ++band) {
      for (int y = 0; y < kHeight; ++y) {
        for (int x = 0; x < kWidth; ++x) {
          // 16-bit rasters get values up to 1000 so clamping is visible.
          row[x] = options.type == GDT_Byte ? PixelValue(band, x, y)
                                            : uint16_t(x * 5);
        }
        EXPECT_EQ(dataset->GetRasterBand(band + 1)->RasterIO(
                      GF_Write, 0, y, kWidth, 1, row.data(), kWidth, 1,
                      GDT_UInt16, 0, 0, nullptr),
                  CE_None);
      }
    }
    return path;
  }

  std::string WriteTiff(const std::string& name) {
    return WriteTiff(name, TiffOptions());
  }

  absl::StatusOr<Scene> Open(const std::string& uri,
                             const std::string& boundary = "") {
    OpenSceneRequest request;
    request.set_uri(uri);
    request.set_boundary_geojson(boundary);
    return source_->OpenScene(request, CallContext(nullptr));
  }

  absl::StatusOr<campcount::v1::Tile> Read(uint64_t handle, int64_t x,
                                           int64_t y, int64_t w, int64_t h) {
    ReadTileRequest request;
    request.set_scene_handle(handle);
    request.mutable_window()->set_x(x);
    request.mutable_window()->set_y(y);
    request.mutable_window()->set_width(w);
    request.mutable_window()->set_height(h);
    return source_->ReadTile(request, CallContext(nullptr));
  }

  // GeoJSON Polygon, in lon/lat, whose vertices are the given image pixels.
  static std::string LonLatPolygon(
      const std::vector<std::pair<double, double>>& pixels) {
    OGRSpatialReference utm, wgs84;
    utm.importFromEPSG(32633);
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> to_lonlat(
        OGRCreateCoordinateTransformation(&utm, &wgs84));
    std::string ring;
    for (size_t i = 0; i <= pixels.size(); ++i) {
      const auto& [px, py] = pixels[i % pixels.size()];
      double x = kOriginX + px * kGsd, y = kOriginY - py * kGsd;
      EXPECT_TRUE(to_lonlat->Transform(1, &x, &y));
      absl::StrAppendFormat(&ring, "%s[%.12f, %.12f]", i ? ", " : "", x, y);
    }
    return absl::StrCat(R"({"type": "Polygon", "coordinates": [[)", ring,
                        "]]}");
  }

  std::unique_ptr<GeotiffSource> source_;
  std::filesystem::path dir_;
};

TEST_F(GeotiffSourceTest, ManifestNamesThePlugin) {
  EXPECT_EQ(GeotiffSource::Manifest().name(), "geotiff");
  EXPECT_EQ(GeotiffSource::Manifest().version(), "1.1.0");
}

TEST_F(GeotiffSourceTest, CreateRefusesUnknownSettings) {
  campcount::v1::PluginConfig config;
  (*config.mutable_settings())["gsd"] = "0.1";
  auto source = GeotiffSource::Create(config);
  EXPECT_EQ(source.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(source.status().message(), HasSubstr("'gsd'"));
}

TEST_F(GeotiffSourceTest, ReadsMetadata) {
  TiffOptions options;
  options.metadata = {{"TIFFTAG_DATETIME", "2019:03:14 10:22:00"}};
  const std::string path = WriteTiff("camp.tif", options);
  auto scene = Open(path);
  ASSERT_TRUE(scene.ok()) << scene.status();
  EXPECT_GT(scene->handle(), 0u);
  EXPECT_EQ(scene->uri(), path);
  EXPECT_EQ(scene->epsg(), 32633);
  EXPECT_THAT(scene->crs_wkt(), HasSubstr("UTM zone 33N"));
  ASSERT_EQ(scene->geotransform().coefficients_size(), 6);
  EXPECT_DOUBLE_EQ(scene->geotransform().coefficients(0), kOriginX);
  EXPECT_DOUBLE_EQ(scene->geotransform().coefficients(1), kGsd);
  EXPECT_DOUBLE_EQ(scene->geotransform().coefficients(3), kOriginY);
  EXPECT_DOUBLE_EQ(scene->geotransform().coefficients(5), -kGsd);
  EXPECT_DOUBLE_EQ(scene->gsd_m(), kGsd);
  EXPECT_EQ(scene->width(), kWidth);
  EXPECT_EQ(scene->height(), kHeight);
  EXPECT_EQ(scene->bands(), 3);
  EXPECT_EQ(scene->acquisition_date(), "2019-03-14");
  EXPECT_THAT(scene->provenance(), HasSubstr("GDAL driver GTiff"));
  EXPECT_THAT(scene->provenance(), HasSubstr(path));
  EXPECT_EQ(scene->boundary_size(), 0);
  EXPECT_EQ(scene->area_of_interest().x(), 0);
  EXPECT_EQ(scene->area_of_interest().y(), 0);
  EXPECT_EQ(scene->area_of_interest().width(), kWidth);
  EXPECT_EQ(scene->area_of_interest().height(), kHeight);
  EXPECT_DOUBLE_EQ(scene->area_m2(), kWidth * kHeight * kGsd * kGsd);
}

TEST_F(GeotiffSourceTest, PrefersAcquisitionDateAndToleratesNone) {
  TiffOptions options;
  options.metadata = {{"TIFFTAG_DATETIME", "2020:01:01 00:00:00"},
                      {"ACQUISITION_DATE", "2019-11-30T09:41:00Z"}};
  auto dated = Open(WriteTiff("dated.tif", options));
  ASSERT_TRUE(dated.ok()) << dated.status();
  EXPECT_EQ(dated->acquisition_date(), "2019-11-30");

  auto undated = Open(WriteTiff("undated.tif"));
  ASSERT_TRUE(undated.ok()) << undated.status();
  EXPECT_EQ(undated->acquisition_date(), "");
}

TEST_F(GeotiffSourceTest, HandlesAreDistinct) {
  const std::string path = WriteTiff("camp.tif");
  auto first = Open(path);
  auto second = Open(path);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->handle(), second->handle());
}

TEST_F(GeotiffSourceTest, WindowedReadReturnsThosePixels) {
  auto scene = Open(WriteTiff("camp.tif"));
  ASSERT_TRUE(scene.ok()) << scene.status();
  auto tile = Read(scene->handle(), 37, 11, 50, 20);
  ASSERT_TRUE(tile.ok()) << tile.status();
  EXPECT_EQ(tile->bands(), 3);
  EXPECT_DOUBLE_EQ(tile->gsd_m(), kGsd);
  EXPECT_EQ(tile->window().x(), 37);
  EXPECT_EQ(tile->window().width(), 50);
  ASSERT_EQ(tile->pixels().size(), 50u * 20u * 3u);
  for (int y = 0; y < 20; ++y) {
    for (int x = 0; x < 50; ++x) {
      for (int b = 0; b < 3; ++b) {
        ASSERT_EQ(uint8_t(tile->pixels()[(y * 50 + x) * 3 + b]),
                  PixelValue(b, 37 + x, 11 + y))
            << "pixel " << x << "," << y << " band " << b;
      }
    }
  }
  // The last pixel of the image is readable.
  auto corner = Read(scene->handle(), kWidth - 1, kHeight - 1, 1, 1);
  ASSERT_TRUE(corner.ok()) << corner.status();
  EXPECT_EQ(uint8_t(corner->pixels()[0]), PixelValue(0, kWidth - 1, 0));
}

TEST_F(GeotiffSourceTest, SingleBandGivesGreyTiles) {
  TiffOptions options;
  options.bands = 1;
  auto scene = Open(WriteTiff("grey.tif", options));
  ASSERT_TRUE(scene.ok()) << scene.status();
  EXPECT_EQ(scene->bands(), 1);
  auto tile = Read(scene->handle(), 5, 6, 10, 10);
  ASSERT_TRUE(tile.ok()) << tile.status();
  EXPECT_EQ(tile->bands(), 1);
  ASSERT_EQ(tile->pixels().size(), 100u);
  EXPECT_EQ(uint8_t(tile->pixels()[0]), PixelValue(0, 5, 6));
}

TEST_F(GeotiffSourceTest, SixteenBitValuesAreClampedAndSaid) {
  TiffOptions options;
  options.type = GDT_UInt16;
  auto scene = Open(WriteTiff("uint16.tif", options));
  ASSERT_TRUE(scene.ok()) << scene.status();
  EXPECT_THAT(scene->provenance(), HasSubstr("UInt16"));
  EXPECT_THAT(scene->provenance(), HasSubstr("clamped"));
  auto tile = Read(scene->handle(), 10, 0, 100, 1);
  ASSERT_TRUE(tile.ok()) << tile.status();
  EXPECT_EQ(uint8_t(tile->pixels()[0]), 50);        // x=10: 50
  EXPECT_EQ(uint8_t(tile->pixels()[99 * 3]), 255);  // x=109: 545
}

TEST_F(GeotiffSourceTest, GeographicRasterGsdIsInMetres) {
  TiffOptions options;
  options.epsg = 4326;
  auto scene = Open(WriteTiff("lonlat.tif", options));
  ASSERT_TRUE(scene.ok()) << scene.status();
  EXPECT_EQ(scene->epsg(), 4326);
  // Degrees of longitude shrink with cos(latitude): x ~0.49 m, y ~0.497 m.
  EXPECT_NEAR(scene->gsd_m(), kGsd, 0.02);
  EXPECT_LT(scene->gsd_m(), kGsd);
}

TEST_F(GeotiffSourceTest, LonLatBoundaryBecomesPixelPolygon) {
  auto scene = Open(WriteTiff("camp.tif"),
                    LonLatPolygon({{20, 10}, {120, 10}, {120, 60}, {20, 60}}));
  ASSERT_TRUE(scene.ok()) << scene.status();
  ASSERT_EQ(scene->boundary_size(), 1);
  ASSERT_EQ(scene->boundary(0).rings_size(), 1);
  const auto& ring = scene->boundary(0).rings(0);
  ASSERT_EQ(ring.x_size(), 4);  // Closed implicitly.
  std::vector<std::pair<double, double>> vertices;
  for (int i = 0; i < ring.x_size(); ++i) {
    vertices.emplace_back(std::round(ring.x(i) * 1000) / 1000,
                          std::round(ring.y(i) * 1000) / 1000);
    EXPECT_NEAR(ring.x(i), vertices.back().first, 1e-4);
    EXPECT_NEAR(ring.y(i), vertices.back().second, 1e-4);
  }
  EXPECT_THAT(vertices, ::testing::UnorderedElementsAre(
                            std::pair<double, double>{20, 10},
                            std::pair<double, double>{120, 10},
                            std::pair<double, double>{120, 60},
                            std::pair<double, double>{20, 60}));
  EXPECT_EQ(scene->area_of_interest().x(), 20);
  EXPECT_EQ(scene->area_of_interest().y(), 10);
  EXPECT_EQ(scene->area_of_interest().width(), 100);
  EXPECT_EQ(scene->area_of_interest().height(), 50);
  EXPECT_NEAR(scene->area_m2(), 100 * 50 * kGsd * kGsd, 0.01);
}

TEST_F(GeotiffSourceTest, BoundaryIsClippedToTheImage) {
  // Half of this square lies left of the image.
  auto scene = Open(WriteTiff("camp.tif"),
                    LonLatPolygon({{-40, 20}, {40, 20}, {40, 60}, {-40, 60}}));
  ASSERT_TRUE(scene.ok()) << scene.status();
  ASSERT_EQ(scene->boundary_size(), 1);
  EXPECT_EQ(scene->area_of_interest().x(), 0);
  EXPECT_EQ(scene->area_of_interest().width(), 40);
  EXPECT_NEAR(scene->area_m2(), 40 * 40 * kGsd * kGsd, 0.01);
  for (double x : scene->boundary(0).rings(0).x()) EXPECT_GE(x, -1e-9);
}

TEST_F(GeotiffSourceTest, AcceptsFeatureCollectionMultiPolygonAndHoles) {
  const std::string path = WriteTiff("camp.tif");
  // Two camps in one FeatureCollection, the second one with a hole, given
  // in the raster's own CRS through the (pre-RFC 7946) "crs" member.
  auto ring = [](double x0, double y0, double x1, double y1) {
    return absl::StrFormat(
        "[[%f,%f],[%f,%f],[%f,%f],[%f,%f],[%f,%f]]", kOriginX + x0 * kGsd,
        kOriginY - y0 * kGsd, kOriginX + x1 * kGsd, kOriginY - y0 * kGsd,
        kOriginX + x1 * kGsd, kOriginY - y1 * kGsd, kOriginX + x0 * kGsd,
        kOriginY - y1 * kGsd, kOriginX + x0 * kGsd, kOriginY - y0 * kGsd);
  };
  const std::string geojson = absl::StrCat(
      R"({"type": "FeatureCollection",
          "crs": {"type": "name",
                  "properties": {"name": "urn:ogc:def:crs:EPSG::32633"}},
          "features": [
            {"type": "Feature", "properties": {},
             "geometry": {"type": "Polygon", "coordinates": [)",
      ring(10, 10, 30, 30), R"(]}},
            {"type": "Feature", "properties": {},
             "geometry": {"type": "MultiPolygon", "coordinates": [[)",
      ring(100, 10, 180, 90), ",", ring(120, 30, 160, 70), R"(]]}}]})");
  auto scene = Open(path, geojson);
  ASSERT_TRUE(scene.ok()) << scene.status();
  ASSERT_EQ(scene->boundary_size(), 2);
  int holes = 0;
  for (const auto& part : scene->boundary()) holes += part.rings_size() - 1;
  EXPECT_EQ(holes, 1);
  EXPECT_EQ(scene->area_of_interest().x(), 10);
  EXPECT_EQ(scene->area_of_interest().y(), 10);
  EXPECT_EQ(scene->area_of_interest().width(), 170);
  EXPECT_EQ(scene->area_of_interest().height(), 80);
  const double pixels = 20 * 20 + 80 * 80 - 40 * 40;
  EXPECT_NEAR(scene->area_m2(), pixels * kGsd * kGsd, 1e-6);
}

TEST_F(GeotiffSourceTest, OverlappingFeaturesAreCountedOnce) {
  const std::string a = LonLatPolygon({{10, 10}, {60, 10}, {60, 60}, {10, 60}});
  const std::string b = LonLatPolygon({{40, 10}, {90, 10}, {90, 60}, {40, 60}});
  const std::string geojson = absl::StrCat(
      R"({"type": "FeatureCollection", "features": [)",
      R"({"type": "Feature", "properties": {}, "geometry": )", a, "},",
      R"({"type": "Feature", "properties": {}, "geometry": )", b, "}]}");
  auto scene = Open(WriteTiff("camp.tif"), geojson);
  ASSERT_TRUE(scene.ok()) << scene.status();
  EXPECT_EQ(scene->boundary_size(), 1);
  EXPECT_NEAR(scene->area_m2(), 80 * 50 * kGsd * kGsd, 0.01);
}

TEST_F(GeotiffSourceTest, RefusesSelfIntersectingBoundary) {
  // A bow-tie: the ring crosses itself in the middle.
  auto scene = Open(WriteTiff("camp.tif"),
                    LonLatPolygon({{10, 10}, {90, 90}, {90, 10}, {10, 90}}));
  ASSERT_EQ(scene.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(scene.status().message(),
              HasSubstr("camp boundary is not a valid polygon"));
  EXPECT_THAT(scene.status().message(), HasSubstr("elf-intersection"));
}

TEST_F(GeotiffSourceTest, RefusesBoundaryOutsideTheImage) {
  auto scene =
      Open(WriteTiff("camp.tif"),
           LonLatPolygon({{1000, 10}, {1100, 10}, {1100, 60}, {1000, 60}}));
  ASSERT_EQ(scene.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(scene.status().message(),
              HasSubstr("camp boundary does not overlap image '"));
  EXPECT_THAT(scene.status().message(), HasSubstr("image bounds x 300000 to"));
}

TEST_F(GeotiffSourceTest, RefusesBoundaryThatIsNotAPolygon) {
  auto scene = Open(WriteTiff("camp.tif"),
                    R"({"type": "LineString",
                        "coordinates": [[13.17, 11.85], [13.18, 11.86]]})");
  ASSERT_EQ(scene.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(scene.status().message(),
              HasSubstr("camp boundary: expected Polygon or MultiPolygon, got "
                        "LineString"));
}

TEST_F(GeotiffSourceTest, RefusesBoundaryThatIsNotGeoJson) {
  const std::string path = WriteTiff("camp.tif");
  auto broken = Open(path, R"({"type": "Polygon", "coordinates": [[[1, 2],)");
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(broken.status().message(), HasSubstr("camp boundary"));
  // A path is not GeoJSON text and must not be opened as a file.
  auto file = Open(path, "/etc/passwd");
  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(file.status().message(), HasSubstr("GeoJSON text"));
}

TEST_F(GeotiffSourceTest, RefusesTextFile) {
  const std::string path = (dir_ / "notes.txt").string();
  std::ofstream(path) << "These are field notes, not an image.\n";
  auto scene = Open(path);
  ASSERT_EQ(scene.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      scene.status().message(),
      HasSubstr(absl::StrCat("'", path, "' is not a raster GDAL can read")));
}

TEST_F(GeotiffSourceTest, MissingFileIsNotFound) {
  const std::string path = (dir_ / "missing.tif").string();
  auto scene = Open(path);
  ASSERT_EQ(scene.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(scene.status().message(),
            absl::StrCat("image '", path, "' does not exist"));
}

TEST_F(GeotiffSourceTest, RasterWithoutGeoreferenceIsRefused) {
  TiffOptions options;
  options.georeferenced = false;
  const std::string path = WriteTiff("plain.tif", options);
  auto scene = Open(path);
  ASSERT_EQ(scene.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(scene.status().message(), HasSubstr(path));
}

TEST_F(GeotiffSourceTest, WindowOutsideTheImageIsOutOfRange) {
  auto scene = Open(WriteTiff("camp.tif"));
  ASSERT_TRUE(scene.ok()) << scene.status();
  for (const auto& [x, y, w, h] :
       std::vector<std::array<int64_t, 4>>{{190, 0, 20, 10},
                                           {0, 95, 10, 10},
                                           {-1, 0, 10, 10},
                                           {0, 0, 0, 10},
                                           {0, 0, 10, -5},
                                           {INT64_MAX, 0, 10, 10},
                                           {10, 10, INT64_MAX, 1}}) {
    auto tile = Read(scene->handle(), x, y, w, h);
    ASSERT_EQ(tile.status().code(), absl::StatusCode::kOutOfRange)
        << x << "," << y << " " << w << "x" << h;
    EXPECT_THAT(tile.status().message(), HasSubstr("200 x 100 pixels"));
  }
}

TEST_F(GeotiffSourceTest, UnknownHandleIsNotFound) {
  auto scene = Open(WriteTiff("camp.tif"));
  ASSERT_TRUE(scene.ok()) << scene.status();
  EXPECT_EQ(Read(scene->handle() + 100, 0, 0, 1, 1).status().code(),
            absl::StatusCode::kNotFound);
  campcount::v1::CloseSceneRequest close;
  close.set_scene_handle(scene->handle());
  EXPECT_TRUE(source_->CloseScene(close).ok());
  EXPECT_EQ(source_->CloseScene(close).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Read(scene->handle(), 0, 0, 1, 1).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(GeotiffSourceTest, CancelledReadStops) {
  auto scene = Open(WriteTiff("camp.tif"));
  ASSERT_TRUE(scene.ok()) << scene.status();
  CcCallContext cancelled{nullptr, [](void*) { return 1; }};
  ReadTileRequest request;
  request.set_scene_handle(scene->handle());
  request.mutable_window()->set_width(1);
  request.mutable_window()->set_height(1);
  EXPECT_EQ(source_->ReadTile(request, CallContext(&cancelled)).status().code(),
            absl::StatusCode::kCancelled);
}

TEST_F(GeotiffSourceTest, ConcurrentReadsReturnTheRightPixels) {
  const std::string path = WriteTiff("camp.tif");
  auto first = Open(path);
  auto second = Open(path);
  ASSERT_TRUE(first.ok() && second.ok());
  std::atomic<int> wrong = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(t);
      const uint64_t handle = t % 2 ? first->handle() : second->handle();
      for (int i = 0; i < 50; ++i) {
        const int x = random() % (kWidth - 16), y = random() % (kHeight - 16);
        auto tile = Read(handle, x, y, 16, 16);
        if (!tile.ok() || uint8_t(tile->pixels()[3 * 17 + 1]) !=
                              PixelValue(1, x + 1, y + 1)) {
          ++wrong;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, 0);
}

}  // namespace
}  // namespace campcount::plugins
