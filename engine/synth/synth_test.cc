#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "demo_camp.h"
#include "gtest/gtest.h"

namespace campcount::synth {
namespace {

namespace fs = std::filesystem;

class SynthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GDALAllRegister();
    dir_ = fs::temp_directory_path() /
           absl::StrCat(
               "campcount_synth_test_", getpid(), "_",
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return dir_ / name; }

  // A small camp so the suite stays fast.
  static DemoCampOptions Small() {
    DemoCampOptions o;
    o.width_px = 800;
    o.height_px = 700;
    o.tent_count = 60;
    return o;
  }

  fs::path dir_;
};

struct Dataset {
  std::unique_ptr<GDALDataset> ds;
  explicit Dataset(const std::string& path)
      : ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY)) {
  }
};

std::vector<uint8_t> ReadPixels(const std::string& path) {
  Dataset d(path);
  if (d.ds == nullptr) return {};
  const int w = d.ds->GetRasterXSize(), h = d.ds->GetRasterYSize();
  std::vector<uint8_t> px(static_cast<size_t>(w) * h * 3);
  if (d.ds->RasterIO(GF_Read, 0, 0, w, h, px.data(), w, h, GDT_Byte, 3, nullptr,
                     3, 3 * w, 1, nullptr) != CE_None) {
    return {};
  }
  return px;
}

TEST_F(SynthTest, SameSeedSameCampOtherSeedOtherCamp) {
  const DemoCampOptions o = Small();
  auto a = WriteDemoCamp(Path("a.tif"), o);
  auto b = WriteDemoCamp(Path("b.tif"), o);
  DemoCampOptions other = o;
  other.seed = 2;
  auto c = WriteDemoCamp(Path("c.tif"), other);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  ASSERT_TRUE(c.ok()) << c.status();

  ASSERT_EQ(a->tents.size(), b->tents.size());
  for (size_t i = 0; i < a->tents.size(); ++i) {
    EXPECT_EQ(a->tents[i].xmin, b->tents[i].xmin);
    EXPECT_EQ(a->tents[i].ymin, b->tents[i].ymin);
    EXPECT_EQ(a->tents[i].area_m2, b->tents[i].area_m2);
  }
  const std::vector<uint8_t> pa = ReadPixels(Path("a.tif"));
  ASSERT_FALSE(pa.empty());
  EXPECT_EQ(pa, ReadPixels(Path("b.tif")));
  EXPECT_NE(pa, ReadPixels(Path("c.tif")));
  EXPECT_NE(a->tents[0].xmin, c->tents[0].xmin);
}

TEST_F(SynthTest, TruthMatchesRequestedCount) {
  DemoCampOptions o = Small();
  for (int count : {0, 1, 60}) {
    o.tent_count = count;
    auto truth = PlanDemoCamp(o);
    ASSERT_TRUE(truth.ok()) << truth.status();
    EXPECT_EQ(truth->tents.size(), static_cast<size_t>(count));
  }
  auto truth = WriteDemoCamp(Path("camp.tif"), Small());
  ASSERT_TRUE(truth.ok()) << truth.status();
  EXPECT_EQ(truth->tents.size(), 60u);
  EXPECT_EQ(truth->path, Path("camp.tif"));
  double total = 0;
  int in_rows = 0;
  for (const TentTruth& t : truth->tents) {
    EXPECT_GE(t.length_m, 3.9);
    EXPECT_LE(t.length_m, 7.0);
    EXPECT_GE(t.width_m, 3.3);
    EXPECT_LE(t.width_m, t.length_m + 0.2);
    EXPECT_NEAR(t.area_m2, t.length_m * t.width_m, 1e-9);
    EXPECT_GE(t.box_area_m2, t.area_m2 - 1e-6);
    total += t.area_m2;
    in_rows += t.in_row ? 1 : 0;
  }
  EXPECT_NEAR(truth->total_tent_area_m2, total, 1e-6);
  // A mix of rows and scatter.
  EXPECT_GT(in_rows, 0);
  EXPECT_LT(in_rows, 60);
  EXPECT_GT(truth->tree_count, 0);
}

TEST_F(SynthTest, GeoTiffIsTiledGeoreferencedAndDated) {
  const DemoCampOptions o = Small();
  auto truth = WriteDemoCamp(Path("camp.tif"), o);
  ASSERT_TRUE(truth.ok()) << truth.status();
  EXPECT_FALSE(fs::exists(Path("camp.tif.partial")));

  Dataset d(Path("camp.tif"));
  ASSERT_NE(d.ds, nullptr);
  EXPECT_STREQ(d.ds->GetDriver()->GetDescription(), "GTiff");
  EXPECT_EQ(d.ds->GetRasterXSize(), 800);
  EXPECT_EQ(d.ds->GetRasterYSize(), 700);
  ASSERT_EQ(d.ds->GetRasterCount(), 3);
  EXPECT_EQ(d.ds->GetRasterBand(1)->GetRasterDataType(), GDT_Byte);
  EXPECT_EQ(d.ds->GetRasterBand(1)->GetColorInterpretation(), GCI_RedBand);
  int bx = 0, by = 0;
  d.ds->GetRasterBand(1)->GetBlockSize(&bx, &by);
  EXPECT_EQ(bx, 256);
  EXPECT_EQ(by, 256);
  const char* compression =
      d.ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE");
  ASSERT_NE(compression, nullptr);
  EXPECT_STREQ(compression, "DEFLATE");

  double gt[6];
  ASSERT_EQ(d.ds->GetGeoTransform(gt), CE_None);
  const double want[6] = {300000.0, 0.5, 0.0, 1310000.0, 0.0, -0.5};
  for (int i = 0; i < 6; ++i) {
    EXPECT_DOUBLE_EQ(gt[i], want[i]) << i;
    EXPECT_DOUBLE_EQ(truth->geotransform[i], want[i]) << i;
  }
  const OGRSpatialReference* srs = d.ds->GetSpatialRef();
  ASSERT_NE(srs, nullptr);
  ASSERT_NE(srs->GetAuthorityCode(nullptr), nullptr);
  EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "32633");

  const char* date = d.ds->GetMetadataItem("ACQUISITION_DATE");
  ASSERT_NE(date, nullptr);
  EXPECT_STREQ(date, "2020-03-14");
}

TEST_F(SynthTest, TentsKeepTwoMetresApartInsideTheMargin) {
  DemoCampOptions o;  // the demo's own size: 2,000 x 2,000 px, 150 tents
  auto truth = PlanDemoCamp(o);
  ASSERT_TRUE(truth.ok()) << truth.status();
  ASSERT_EQ(truth->tents.size(), 150u);
  const double gap_px = 2.0 / o.gsd_m;
  const auto& tents = truth->tents;
  for (size_t i = 0; i < tents.size(); ++i) {
    const TentTruth& a = tents[i];
    EXPECT_GE(a.xmin, 0.05 * o.width_px);
    EXPECT_GE(a.ymin, 0.05 * o.height_px);
    EXPECT_LE(a.xmax, 0.95 * o.width_px);
    EXPECT_LE(a.ymax, 0.95 * o.height_px);
    for (size_t j = i + 1; j < tents.size(); ++j) {
      const TentTruth& b = tents[j];
      const bool apart = a.xmax + gap_px <= b.xmin ||
                         b.xmax + gap_px <= a.xmin ||
                         a.ymax + gap_px <= b.ymin || b.ymax + gap_px <= a.ymin;
      EXPECT_TRUE(apart) << "tents " << i << " and " << j << " are closer "
                         << "than 2 m";
    }
    EXPECT_GE(a.xmin, truth->camp_xmin);
    EXPECT_GE(a.ymin, truth->camp_ymin);
    EXPECT_LE(a.xmax, truth->camp_xmax);
    EXPECT_LE(a.ymax, truth->camp_ymax);
  }
}

// The pixels at a tent are tent-coloured (light, not laterite-red): the truth
// boxes and the image line up.
TEST_F(SynthTest, TentsAreWhereTheTruthSays) {
  DemoCampOptions o = Small();
  o.trees = false;
  auto truth = WriteDemoCamp(Path("camp.tif"), o);
  ASSERT_TRUE(truth.ok()) << truth.status();
  const std::vector<uint8_t> px = ReadPixels(Path("camp.tif"));
  ASSERT_FALSE(px.empty());
  auto at = [&](double x, double y, int band) {
    const auto ix = static_cast<int64_t>(x), iy = static_cast<int64_t>(y);
    return static_cast<double>(px[(iy * o.width_px + ix) * 3 + band]);
  };
  for (const TentTruth& t : truth->tents) {
    // A quarter of the width off the ridge line, inside one roof half.
    const double a = t.angle_deg * M_PI / 180.0;
    const double off = 0.25 * t.width_m / o.gsd_m;
    const double x = t.center_x - std::sin(a) * off;
    const double y = t.center_y + std::cos(a) * off;
    const double r = at(x, y, 0), g = at(x, y, 1), b = at(x, y, 2);
    EXPECT_GT((r + g + b) / 3, 150) << "tent at " << x << "," << y;
    EXPECT_GT(b / r, 0.6) << "tent at " << x << "," << y;
  }
  // And the ground is laterite: reddish, darker than the tents.
  double r = 0, b = 0;
  int n = 0;
  for (int64_t y = 2; y < 20; ++y) {
    for (int64_t x = 2; x < o.width_px - 2; x += 7) {
      r += at(x, y, 0);
      b += at(x, y, 2);
      ++n;
    }
  }
  EXPECT_LT(b / r, 0.6);
  EXPECT_LT(r / n, 215);
}

TEST_F(SynthTest, ChunkSizeDoesNotChangeThePixels) {
  DemoCampOptions o;
  o.width_px = 700;
  o.height_px = 600;
  o.gsd_m = 0.25;  // wider blur: a seam would show
  o.tent_count = 40;
  auto whole =
      internal::WriteDemoCampInChunks(Path("whole.tif"), o, 4096, 4096);
  auto chunks =
      internal::WriteDemoCampInChunks(Path("chunks.tif"), o, 100, 130);
  ASSERT_TRUE(whole.ok()) << whole.status();
  ASSERT_TRUE(chunks.ok()) << chunks.status();
  const std::vector<uint8_t> a = ReadPixels(Path("whole.tif"));
  const std::vector<uint8_t> b = ReadPixels(Path("chunks.tif"));
  ASSERT_EQ(a.size(), b.size());
  size_t differing = 0;
  for (size_t i = 0; i < a.size(); ++i) differing += a[i] != b[i] ? 1 : 0;
  EXPECT_EQ(differing, 0u);
}

TEST_F(SynthTest, RejectsWhatCannotBeDrawnHonestly) {
  DemoCampOptions o = Small();
  o.tent_count = 5000;  // cannot fit 2 m apart in 400 x 350 m
  auto crowded = WriteDemoCamp(Path("crowded.tif"), o);
  EXPECT_EQ(crowded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists(Path("crowded.tif")));

  o = Small();
  o.acquisition_date = "14/03/2020";
  EXPECT_EQ(PlanDemoCamp(o).status().code(),
            absl::StatusCode::kInvalidArgument);
  o = Small();
  o.gsd_m = 0;
  EXPECT_EQ(PlanDemoCamp(o).status().code(),
            absl::StatusCode::kInvalidArgument);

  auto no_dir = WriteDemoCamp(Path("missing/dir/camp.tif"), Small());
  EXPECT_FALSE(no_dir.ok());
}

TEST_F(SynthTest, BoundaryGeoJsonRoundTripsToTheImageRectangle) {
  const DemoCampOptions o;
  auto json = BoundaryGeoJson(o, 100, 200, 1900, 1800);
  ASSERT_TRUE(json.ok()) << json.status();
  // GDAL's GeoJSON driver reads the text itself.
  std::unique_ptr<GDALDataset> ds(
      GDALDataset::Open(json->c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  ASSERT_NE(ds, nullptr) << *json;
  OGRLayer* layer = ds->GetLayer(0);
  ASSERT_NE(layer, nullptr);
  std::unique_ptr<OGRFeature> feature(layer->GetNextFeature());
  ASSERT_NE(feature, nullptr);
  OGRGeometry* geom = feature->GetGeometryRef();
  ASSERT_NE(geom, nullptr);
  EXPECT_EQ(wkbFlatten(geom->getGeometryType()), wkbPolygon);

  OGREnvelope lonlat;
  geom->getEnvelope(&lonlat);
  // Near Maiduguri, north-east Nigeria.
  EXPECT_NEAR(lonlat.MinX, 13.17, 0.05);
  EXPECT_NEAR(lonlat.MinY, 11.84, 0.05);

  OGRSpatialReference utm;
  utm.importFromEPSG(32633);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  geom->assignSpatialReference(&wgs84);
  ASSERT_EQ(geom->transformTo(&utm), OGRERR_NONE);
  OGREnvelope env;
  geom->getEnvelope(&env);
  EXPECT_NEAR(env.MinX, 300000 + 100 * 0.5, 0.01);
  EXPECT_NEAR(env.MaxX, 300000 + 1900 * 0.5, 0.01);
  EXPECT_NEAR(env.MaxY, 1310000 - 200 * 0.5, 0.01);
  EXPECT_NEAR(env.MinY, 1310000 - 1800 * 0.5, 0.01);
  geom->assignSpatialReference(nullptr);

  EXPECT_FALSE(BoundaryGeoJson(o, 10, 10, 10, 20).ok());
}

TEST_F(SynthTest, CountTentsInsideUsesCentres) {
  auto truth = PlanDemoCamp(DemoCampOptions{});
  ASSERT_TRUE(truth.ok()) << truth.status();
  const std::vector<PixelPoint> all = {
      {0, 0}, {2000, 0}, {2000, 2000}, {0, 2000}};
  EXPECT_EQ(CountTentsInside(*truth, all), 150);
  const std::vector<PixelPoint> none = {{0, 0}, {50, 0}, {50, 50}, {0, 50}};
  EXPECT_EQ(CountTentsInside(*truth, none), 0);
  const std::vector<PixelPoint> left = {
      {0, 0}, {1000, 0}, {1000, 2000}, {0, 2000}};
  int expected = 0;
  for (const TentTruth& t : truth->tents) expected += t.center_x < 1000 ? 1 : 0;
  EXPECT_EQ(CountTentsInside(*truth, left), expected);
}

TEST_F(SynthTest, TruthJsonNamesEveryTent) {
  auto truth = PlanDemoCamp(Small());
  ASSERT_TRUE(truth.ok()) << truth.status();
  const std::string json = TruthToJson(*truth);
  EXPECT_NE(json.find("\"tent_count\": 60"), std::string::npos);
  EXPECT_NE(json.find("\"synthetic\": true"), std::string::npos);
  size_t tents = 0;
  for (size_t pos = json.find("\"xmin\""); pos != std::string::npos;
       pos = json.find("\"xmin\"", pos + 1)) {
    ++tents;
  }
  EXPECT_EQ(tents, 60u);
}

}  // namespace
}  // namespace campcount::synth
