#include "dataset_writer.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace campcount::synth {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every "key": "value" string in the manifest.
std::vector<std::string> Values(const std::string& json,
                                const std::string& key) {
  std::vector<std::string> out;
  const std::regex re("\"" + key + "\": \"([^\"]*)\"");
  for (auto it = std::sregex_iterator(json.begin(), json.end(), re);
       it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

class DatasetWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GDALAllRegister();
    dir_ = fs::temp_directory_path() /
           absl::StrCat(
               "campcount_dataset_test_", getpid(), "_",
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  DatasetOptions Small(const fs::path& out) const {
    DatasetOptions o;
    o.camps = 2;
    o.dates = 2;
    o.seed = 42;
    o.threads = 2;
    o.out_dir = out.string();
    return o;
  }

  fs::path dir_;
};

TEST_F(DatasetWriterTest, WritesTheLayoutItsManifestDescribes) {
  absl::StatusOr<DatasetSummary> summary = WriteDataset(Small(dir_ / "a"));
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->images, 4);
  const fs::path root = dir_ / "a";
  const std::string manifest = Slurp(root / "dataset.json");
  EXPECT_NE(manifest.find("\"format\": \"campcount-dataset/1\""),
            std::string::npos);
  EXPECT_NE(manifest.find("\"people_per_tent_mean\": 5.00"), std::string::npos);
  EXPECT_TRUE(fs::exists(root / "census.csv"));
  const std::vector<std::string> paths = Values(manifest, "path");
  const std::vector<std::string> labels = Values(manifest, "labels");
  const std::vector<std::string> boundaries = Values(manifest, "boundary");
  ASSERT_EQ(paths.size(), 4u);
  ASSERT_EQ(labels.size(), 4u);
  ASSERT_EQ(boundaries.size(), 2u);
  for (const auto& p : boundaries) EXPECT_TRUE(fs::exists(root / p)) << p;
  for (size_t i = 0; i < paths.size(); ++i) {
    ASSERT_TRUE(fs::exists(root / paths[i])) << paths[i];
    ASSERT_TRUE(fs::exists(root / labels[i])) << labels[i];
    std::unique_ptr<GDALDataset> image(GDALDataset::Open(
        (root / paths[i]).c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_NE(image, nullptr);
    EXPECT_EQ(image->GetRasterCount(), 3);
    const OGRSpatialReference* srs = image->GetSpatialRef();
    ASSERT_NE(srs, nullptr);
    EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "32633");
    double gt[6];
    ASSERT_EQ(image->GetGeoTransform(gt), CE_None);
    EXPECT_GE(gt[1], 0.3);
    EXPECT_LE(gt[1], 0.6);
    EXPECT_NE(image->GetMetadataItem("ACQUISITION_DATE"), nullptr);
    // Labels: a FeatureCollection OGR reads, boxes inside the image.
    std::unique_ptr<GDALDataset> vec(GDALDataset::Open(
        (root / labels[i]).c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_NE(vec, nullptr);
    OGRLayer* layer = vec->GetLayer(0);
    ASSERT_NE(layer, nullptr);
    EXPECT_GT(layer->GetFeatureCount(), 100);
    int tents = 0;
    for (auto& feature : *layer) {
      const std::string kind = feature->GetFieldAsString("kind");
      if (kind == "tent") ++tents;
      int n = 0;
      const double* box = feature->GetFieldAsDoubleList("bbox_px", &n);
      ASSERT_EQ(n, 4);
      EXPECT_GE(box[0], 0);
      EXPECT_GE(box[1], 0);
      EXPECT_LE(box[2], image->GetRasterXSize());
      EXPECT_LE(box[3], image->GetRasterYSize());
      EXPECT_LT(box[0], box[2]);
      EXPECT_LT(box[1], box[3]);
    }
    EXPECT_NE(manifest.find(absl::StrCat("\"tents\": ", tents, ",")),
              std::string::npos);
  }
}

TEST_F(DatasetWriterTest, SameSeedSameBytes) {
  ASSERT_TRUE(WriteDataset(Small(dir_ / "a")).ok());
  DatasetOptions other = Small(dir_ / "b");
  other.threads = 1;  // the thread count must not matter either
  ASSERT_TRUE(WriteDataset(other).ok());
  for (const auto& entry : fs::recursive_directory_iterator(dir_ / "a")) {
    if (!entry.is_regular_file()) continue;
    const fs::path rel = fs::relative(entry.path(), dir_ / "a");
    ASSERT_TRUE(fs::exists(dir_ / "b" / rel)) << rel;
    EXPECT_TRUE(Slurp(entry.path()) == Slurp(dir_ / "b" / rel)) << rel;
  }
}

TEST_F(DatasetWriterTest, RejectsBadArguments) {
  DatasetOptions o = Small(dir_ / "a");
  o.camps = 0;
  absl::Status s = WriteDataset(o).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("--camps"), std::string::npos) << s;
  o = Small(dir_ / "a");
  o.dates = 0;
  EXPECT_EQ(WriteDataset(o).status().code(),
            absl::StatusCode::kInvalidArgument);
  // A directory under a regular file cannot be created.
  fs::create_directories(dir_);
  std::ofstream(dir_ / "file") << "x";
  o = Small(dir_ / "file" / "out");
  s = WriteDataset(o).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("file/out"), std::string::npos) << s;
}

// A failed run leaves no manifest claiming a complete dataset, not even an
// old one.
TEST_F(DatasetWriterTest, FailureLeavesNoManifest) {
  const fs::path out = dir_ / "a";
  fs::create_directories(out / "camps");
  std::ofstream(out / "dataset.json") << "{\"format\": \"old\"}";
  // A file where the first camp's directory must go.
  std::ofstream(out / "camps" / "AD_S001") << "in the way";
  absl::Status s = WriteDataset(Small(out)).status();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("AD_S001"), std::string::npos) << s;
  EXPECT_FALSE(fs::exists(out / "dataset.json"));
}

}  // namespace
}  // namespace campcount::synth
