#include "dataset_reader.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace campcount::dataset {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// A manifest in the documented layout (docs/synthetic-data.md), two camps.
constexpr char kManifest[] = R"json({
  "format": "campcount-dataset/1",
  "generator": {"program": "campcount synth", "version": "0.1.0",
                "seed": 7, "camps": 2,
                "occupancy": {"people_per_tent_mean": 5.0,
                              "people_per_tent_sd": 1.2,
                              "no_shelter_household_share_mean": 0.08}},
  "census_csv": "census.csv",
  "camps": [
    {"id": "AD_S001", "name": "Bakassi IDP Camp", "state": "Borno",
     "lga": "Maiduguri", "ward": "Gwange",
     "latitude": 11.83, "longitude": 13.15,
     "boundary": "camps/AD_S001/boundary.geojson",
     "images": [
       {"id": "AD_S001_2019-03-14", "path": "camps/AD_S001/2019-03-14.tif",
        "date": "2019-03-14", "gsd_m": 0.42, "epsg": 32633,
        "width_px": 3000, "height_px": 2800,
        "labels": "camps/AD_S001/2019-03-14.labels.geojson",
        "truth": {"tents": 812, "makeshift": 40, "buildings": 12,
                  "total_tent_area_m2": 19480.5, "population": 4123}},
       {"id": "AD_S001_2019-07-02", "path": "camps/AD_S001/2019-07-02.tif",
        "date": "2019-07-02", "gsd_m": 0.42, "epsg": 32633,
        "width_px": 3000, "height_px": 2800,
        "labels": "camps/AD_S001/2019-07-02.labels.geojson",
        "truth": {"tents": 850, "makeshift": 41, "buildings": 12,
                  "total_tent_area_m2": 20001.0, "population": 4300}}
     ]},
    {"id": "AD_S002", "name": "Muna Garage", "state": "Borno",
     "lga": "Jere", "ward": "Muna", "latitude": 11.86, "longitude": 13.21,
     "boundary": "camps/AD_S002/boundary.geojson",
     "images": [
       {"id": "AD_S002_2019-05-01", "path": "camps/AD_S002/2019-05-01.tif",
        "date": "2019-05-01", "gsd_m": 0.55, "epsg": 32633,
        "width_px": 2000, "height_px": 2100,
        "labels": "camps/AD_S002/2019-05-01.labels.geojson",
        "future_key": "ignored",
        "truth": {"tents": 300, "makeshift": 20, "buildings": 3,
                  "total_tent_area_m2": 7000.0, "population": 1600}}
     ]}
  ]
})json";

class DatasetReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           absl::StrCat(
               "dataset_reader_test_",
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    for (const char* file :
         {"census.csv", "camps/AD_S001/boundary.geojson",
          "camps/AD_S001/2019-03-14.tif",
          "camps/AD_S001/2019-03-14.labels.geojson",
          "camps/AD_S001/2019-07-02.tif",
          "camps/AD_S001/2019-07-02.labels.geojson",
          "camps/AD_S002/boundary.geojson", "camps/AD_S002/2019-05-01.tif",
          "camps/AD_S002/2019-05-01.labels.geojson"}) {
      Write(file, "x");
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& relative, const std::string& text) {
    fs::create_directories((dir_ / relative).parent_path());
    std::ofstream(dir_ / relative) << text;
  }
  // Writes the manifest with `from` replaced by `to` and reads it.
  absl::StatusOr<v1::Dataset> ReadEdited(const std::string& from,
                                         const std::string& to) {
    std::string text = kManifest;
    EXPECT_NE(text.find(from), std::string::npos) << from;
    text = absl::StrReplaceAll(text, {{from, to}});
    Write("dataset.json", text);
    return ReadDataset((dir_ / "dataset.json").string());
  }

  fs::path dir_;
};

TEST_F(DatasetReaderTest, ReadsTheContractLayoutAndResolvesPaths) {
  Write("dataset.json", kManifest);
  absl::StatusOr<v1::Dataset> dataset =
      ReadDataset((dir_ / "dataset.json").string());
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->format(), kDatasetFormat);
  EXPECT_EQ(dataset->generator().seed(), 7);
  EXPECT_DOUBLE_EQ(dataset->generator().occupancy().people_per_tent_sd(), 1.2);
  EXPECT_EQ(dataset->census_csv(), (dir_ / "census.csv").string());
  EXPECT_EQ(dataset->root_dir(), dir_.string());
  EXPECT_EQ(dataset->manifest_path(), (dir_ / "dataset.json").string());
  ASSERT_EQ(dataset->camps_size(), 2);
  const v1::DatasetCamp& camp = dataset->camps(0);
  EXPECT_EQ(camp.lga(), "Maiduguri");
  EXPECT_DOUBLE_EQ(camp.longitude(), 13.15);
  EXPECT_EQ(camp.boundary(),
            (dir_ / "camps/AD_S001/boundary.geojson").string());
  ASSERT_EQ(camp.images_size(), 2);
  const v1::DatasetImage& image = camp.images(0);
  EXPECT_EQ(image.path(), (dir_ / "camps/AD_S001/2019-03-14.tif").string());
  EXPECT_EQ(image.labels(),
            (dir_ / "camps/AD_S001/2019-03-14.labels.geojson").string());
  EXPECT_DOUBLE_EQ(image.gsd_m(), 0.42);
  EXPECT_EQ(image.epsg(), 32633);
  EXPECT_EQ(image.width_px(), 3000);
  EXPECT_EQ(image.truth().tents(), 812);
  EXPECT_DOUBLE_EQ(image.truth().total_tent_area_m2(), 19480.5);
  EXPECT_EQ(image.truth().population(), 4123);
}

TEST_F(DatasetReaderTest, ADirectoryMeansItsDatasetJson) {
  Write("dataset.json", kManifest);
  absl::StatusOr<v1::Dataset> dataset = ReadDataset(dir_.string());
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  EXPECT_EQ(dataset->camps_size(), 2);
}

TEST_F(DatasetReaderTest, MissingImageNamesTheFieldAndThePath) {
  fs::remove(dir_ / "camps/AD_S002/2019-05-01.tif");
  Write("dataset.json", kManifest);
  absl::StatusOr<v1::Dataset> dataset = ReadDataset(dir_.string());
  EXPECT_EQ(dataset.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(
      std::string(dataset.status().message()),
      HasSubstr(absl::StrCat((dir_ / "dataset.json").string(),
                             ": camps[1].images[0].path: ",
                             (dir_ / "camps/AD_S002/2019-05-01.tif").string(),
                             " does not exist")));
}

TEST_F(DatasetReaderTest, MissingLabelsBoundaryAndCensusAreNamed) {
  fs::remove(dir_ / "camps/AD_S001/2019-07-02.labels.geojson");
  Write("dataset.json", kManifest);
  EXPECT_THAT(std::string(ReadDataset(dir_.string()).status().message()),
              HasSubstr("camps[0].images[1].labels: "));
  fs::remove(dir_ / "camps/AD_S002/boundary.geojson");
  Write("camps/AD_S001/2019-07-02.labels.geojson", "x");
  EXPECT_THAT(std::string(ReadDataset(dir_.string()).status().message()),
              HasSubstr("camps[1].boundary: "));
  fs::remove(dir_ / "census.csv");
  EXPECT_THAT(std::string(ReadDataset(dir_.string()).status().message()),
              HasSubstr("census_csv: "));
}

TEST_F(DatasetReaderTest, ADirectoryIsNotAnImageFile) {
  fs::remove(dir_ / "camps/AD_S001/2019-03-14.tif");
  fs::create_directories(dir_ / "camps/AD_S001/2019-03-14.tif");
  Write("dataset.json", kManifest);
  EXPECT_THAT(std::string(ReadDataset(dir_.string()).status().message()),
              HasSubstr("camps[0].images[0].path: "));
}

TEST_F(DatasetReaderTest, RefusesAWrongFormatTag) {
  absl::StatusOr<v1::Dataset> dataset =
      ReadEdited("campcount-dataset/1", "campcount-dataset/9");
  EXPECT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(dataset.status().message()),
              HasSubstr("format: 'campcount-dataset/9' is not "
                        "'campcount-dataset/1'"));
}

TEST_F(DatasetReaderTest, RefusesAZeroOrNegativeGsd) {
  for (const char* gsd : {"0", "-0.5"}) {
    absl::StatusOr<v1::Dataset> dataset =
        ReadEdited("\"gsd_m\": 0.55", absl::StrCat("\"gsd_m\": ", gsd));
    EXPECT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(dataset.status().message()),
                HasSubstr("camps[1].images[0].gsd_m: "));
  }
}

TEST_F(DatasetReaderTest, RefusesADateThatIsNotADate) {
  absl::StatusOr<v1::Dataset> dataset =
      ReadEdited("\"date\": \"2019-07-02\"", "\"date\": \"2019-02-30\"");
  EXPECT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(dataset.status().message()),
              HasSubstr("camps[0].images[1].date: '2019-02-30'"));
  dataset = ReadEdited("\"date\": \"2019-07-02\",", "");
  EXPECT_THAT(std::string(dataset.status().message()),
              HasSubstr("camps[0].images[1].date: missing"));
}

TEST_F(DatasetReaderTest, RefusesDuplicateCampIds) {
  absl::StatusOr<v1::Dataset> dataset =
      ReadEdited("\"id\": \"AD_S002\"", "\"id\": \"AD_S001\"");
  EXPECT_THAT(std::string(dataset.status().message()),
              HasSubstr("camps[1].id: duplicate camp id 'AD_S001'"));
}

TEST_F(DatasetReaderTest, MalformedJsonNamesTheManifest) {
  Write("dataset.json", "{\"format\": \"campcount-dataset/1\", \"camps\": [");
  absl::StatusOr<v1::Dataset> dataset = ReadDataset(dir_.string());
  EXPECT_EQ(dataset.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(dataset.status().message()),
              HasSubstr((dir_ / "dataset.json").string()));
}

TEST_F(DatasetReaderTest, MissingManifestIsNotFound) {
  absl::StatusOr<v1::Dataset> dataset = ReadDataset(dir_.string());
  EXPECT_EQ(dataset.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(dataset.status().message()),
              HasSubstr((dir_ / "dataset.json").string()));
}

TEST_F(DatasetReaderTest, FindCampListsTheIdsWhenMissing) {
  Write("dataset.json", kManifest);
  absl::StatusOr<v1::Dataset> dataset = ReadDataset(dir_.string());
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  absl::StatusOr<const v1::DatasetCamp*> camp = FindCamp(*dataset, "AD_S002");
  ASSERT_TRUE(camp.ok());
  EXPECT_EQ((*camp)->name(), "Muna Garage");
  camp = FindCamp(*dataset, "AD_S009");
  EXPECT_EQ(camp.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(camp.status().message()),
              HasSubstr("'AD_S009' is not in dataset"));
  EXPECT_THAT(std::string(camp.status().message()),
              HasSubstr("AD_S001, AD_S002"));
}

}  // namespace
}  // namespace campcount::dataset
