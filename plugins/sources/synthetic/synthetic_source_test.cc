#include "synthetic_source.h"

#include <gdal_priv.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "camp_plan.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scene_geotiff.h"
#include "scene_renderer.h"
#include "synthetic_uri.h"

namespace campcount::plugins {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

campcount::sdk::CallContext NoContext() {
  return campcount::sdk::CallContext(nullptr);
}

std::unique_ptr<SyntheticSource> MakeSource() {
  absl::StatusOr<std::unique_ptr<SyntheticSource>> source =
      SyntheticSource::Create(campcount::v1::PluginConfig());
  EXPECT_TRUE(source.ok()) << source.status();
  return *std::move(source);
}

absl::StatusOr<campcount::v1::Scene> Open(SyntheticSource& source,
                                          const std::string& uri,
                                          const std::string& boundary = "") {
  campcount::v1::OpenSceneRequest request;
  request.set_uri(uri);
  request.set_boundary_geojson(boundary);
  return source.OpenScene(request, NoContext());
}

TEST(SyntheticUriTest, ParsesTheDocumentedForms) {
  absl::StatusOr<SyntheticUri> u =
      ParseSyntheticUri("synthetic:seed=7&camp=4&date=1");
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_EQ(u->seed, 7u);
  EXPECT_EQ(u->camp_index, 3);
  EXPECT_EQ(u->date_index, 1);
  EXPECT_EQ(u->dates, 3);
  EXPECT_FALSE(u->camp_boundary);
  u = ParseSyntheticUri(
      "synthetic:camp=AD_S012&date=2019-03-14&seed=1&dates=5&boundary=camp");
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_EQ(u->camp_index, 11);
  EXPECT_EQ(u->date, "2019-03-14");
  EXPECT_EQ(u->dates, 5);
  EXPECT_TRUE(u->camp_boundary);
}

TEST(SyntheticUriTest, ExplainsWhatIsWrong) {
  const std::pair<std::string, std::string> cases[] = {
      {"camp.tif", "does not start with 'synthetic:'"},
      {"synthetic:seed=1&camp=1", "'date' is missing"},
      {"synthetic:seed=x&camp=1&date=0", "seed 'x'"},
      {"synthetic:seed=1&camp=0&date=0", "camp '0'"},
      {"synthetic:seed=1&camp=1&date=soon", "date 'soon'"},
      {"synthetic:seed=1&camp=1&date=0&dates=0", "dates '0'"},
      {"synthetic:seed=1&camp=1&date=0&colour=red", "unknown key 'colour'"},
      {"synthetic:seed=1&seed=2&camp=1&date=0", "'seed' is given twice"},
  };
  for (const auto& [uri, message] : cases) {
    absl::StatusOr<SyntheticUri> u = ParseSyntheticUri(uri);
    ASSERT_FALSE(u.ok()) << uri;
    EXPECT_EQ(u.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(u.status().message()), HasSubstr(message));
  }
}

TEST(SyntheticSourceTest, SceneDescribesTheGeneratedImage) {
  auto source = MakeSource();
  absl::StatusOr<campcount::v1::Scene> scene =
      Open(*source, "synthetic:seed=7&camp=2&date=1");
  ASSERT_TRUE(scene.ok()) << scene.status();
  const synth::CampSpec spec = *synth::MakeCampSpec(7, 1, 3);
  EXPECT_EQ(scene->width(), spec.width_px);
  EXPECT_EQ(scene->height(), spec.height_px);
  EXPECT_DOUBLE_EQ(scene->gsd_m(), spec.gsd_m);
  EXPECT_EQ(scene->epsg(), 32633);
  EXPECT_EQ(scene->bands(), 3);
  EXPECT_EQ(scene->acquisition_date(), spec.images[1].date);
  EXPECT_THAT(scene->provenance(), HasSubstr("AD_S002"));
  EXPECT_EQ(scene->boundary_size(), 0);
  EXPECT_EQ(scene->area_of_interest().width(), spec.width_px);
  // The same image by date instead of index.
  absl::StatusOr<campcount::v1::Scene> by_date = Open(
      *source,
      absl::StrCat("synthetic:seed=7&camp=AD_S002&date=", spec.images[1].date));
  ASSERT_TRUE(by_date.ok()) << by_date.status();
  EXPECT_EQ(by_date->acquisition_date(), spec.images[1].date);
}

TEST(SyntheticSourceTest, CampBoundaryOnRequest) {
  auto source = MakeSource();
  absl::StatusOr<campcount::v1::Scene> scene =
      Open(*source, "synthetic:seed=7&camp=2&date=0&boundary=camp");
  ASSERT_TRUE(scene.ok()) << scene.status();
  ASSERT_EQ(scene->boundary_size(), 1);
  ASSERT_GE(scene->boundary(0).rings_size(), 1);
  EXPECT_GT(scene->boundary(0).rings(0).x_size(), 20);
  EXPECT_LT(scene->area_of_interest().width(), scene->width());
  EXPECT_LT(scene->area_m2(),
            scene->width() * scene->height() * scene->gsd_m() * scene->gsd_m());
}

// A tile is exactly the window of the GeoTIFF `campcount synth` writes.
TEST(SyntheticSourceTest, TilesMatchTheWrittenGeoTiff) {
  GDALAllRegister();
  const fs::path tif =
      fs::temp_directory_path() /
      absl::StrCat("campcount_synthetic_source_test_", getpid(), ".tif");
  const synth::CampSpec spec = *synth::MakeCampSpec(3, 0, 2);
  const synth::CampPlan plan = *synth::PlanCamp(spec);
  const synth::SceneRenderer renderer = *synth::SceneRenderer::Create(plan, 1);
  ASSERT_TRUE(synth::WriteSceneGeoTiff(renderer, spec, tif.string()).ok());

  auto source = MakeSource();
  absl::StatusOr<campcount::v1::Scene> scene =
      Open(*source, "synthetic:seed=3&camp=1&date=1&dates=2");
  ASSERT_TRUE(scene.ok()) << scene.status();
  std::unique_ptr<GDALDataset> ds(
      GDALDataset::Open(tif.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  ASSERT_NE(ds, nullptr);
  for (auto [x, y, w, h] :
       {std::tuple{0, 0, 400, 400},
        {spec.width_px / 2, spec.height_px / 2, 400, 300},
        {spec.width_px - 77, spec.height_px - 50, 77, 50}}) {
    campcount::v1::ReadTileRequest request;
    request.set_scene_handle(scene->handle());
    request.mutable_window()->set_x(x);
    request.mutable_window()->set_y(y);
    request.mutable_window()->set_width(w);
    request.mutable_window()->set_height(h);
    absl::StatusOr<campcount::v1::Tile> tile =
        source->ReadTile(request, NoContext());
    ASSERT_TRUE(tile.ok()) << tile.status();
    std::string expected(size_t(w) * h * 3, '\0');
    ASSERT_EQ(ds->RasterIO(GF_Read, x, y, w, h, expected.data(), w, h, GDT_Byte,
                           3, nullptr, 3, 3 * w, 1, nullptr),
              CE_None);
    EXPECT_TRUE(tile->pixels() == expected) << x << "," << y;
  }
  ds.reset();
  fs::remove(tif);
}

TEST(SyntheticSourceTest, RefusesBadRequests) {
  auto source = MakeSource();
  EXPECT_EQ(Open(*source, "synthetic:seed=1&camp=1&date=7").status().code(),
            absl::StatusCode::kNotFound);
  absl::Status no_date =
      Open(*source, "synthetic:seed=1&camp=1&date=1999-01-01").status();
  EXPECT_EQ(no_date.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(no_date.message()), HasSubstr("its dates are"));
  absl::StatusOr<campcount::v1::Scene> scene =
      Open(*source, "synthetic:seed=1&camp=1&date=0");
  ASSERT_TRUE(scene.ok());
  campcount::v1::ReadTileRequest request;
  request.set_scene_handle(scene->handle());
  request.mutable_window()->set_x(scene->width() - 10);
  request.mutable_window()->set_width(20);
  request.mutable_window()->set_height(20);
  EXPECT_EQ(source->ReadTile(request, NoContext()).status().code(),
            absl::StatusCode::kOutOfRange);
  campcount::v1::CloseSceneRequest close;
  close.set_scene_handle(scene->handle());
  EXPECT_TRUE(source->CloseScene(close).ok());
  EXPECT_EQ(source->CloseScene(close).code(), absl::StatusCode::kNotFound);
  request.mutable_window()->set_x(0);
  EXPECT_EQ(source->ReadTile(request, NoContext()).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace campcount::plugins
