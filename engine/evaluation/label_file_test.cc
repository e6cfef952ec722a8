#include "label_file.h"

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace campcount::evaluation {
namespace {

using ::testing::HasSubstr;

constexpr char kGeoJson[] = R"({
  "type": "FeatureCollection",
  "features": [
    {"type": "Feature",
     "geometry": {"type": "Polygon", "coordinates": [[[13.1, 11.8],
        [13.2, 11.8], [13.2, 11.9], [13.1, 11.8]]]},
     "properties": {"kind": "tent", "colour": "white", "area_m2": 16.0,
                    "bbox_px": [10, 20, 18.5, 27]}},
    {"type": "Feature", "geometry": null,
     "properties": {"kind": "makeshift", "bbox_px": [40, 40, 45, 44]}}
  ]})";

TEST(GeoJsonLabelsTest, ReadsBboxPxAndKind) {
  absl::StatusOr<std::vector<LabelBox>> labels =
      ParseGeoJsonLabels(kGeoJson, "a.labels.geojson");
  ASSERT_TRUE(labels.ok()) << labels.status();
  ASSERT_EQ(labels->size(), 2u);
  EXPECT_EQ((*labels)[0].class_name, "tent");
  EXPECT_TRUE(IsPositive((*labels)[0]));
  EXPECT_DOUBLE_EQ((*labels)[0].box.xmin, 10);
  EXPECT_DOUBLE_EQ((*labels)[0].box.ymin, 20);
  EXPECT_DOUBLE_EQ((*labels)[0].box.xmax, 18.5);
  EXPECT_DOUBLE_EQ((*labels)[0].box.ymax, 27);
  EXPECT_EQ((*labels)[1].class_name, "makeshift");
  EXPECT_FALSE(IsPositive((*labels)[1]));
}

TEST(GeoJsonLabelsTest, ErrorsNameTheFileFeatureAndField) {
  absl::StatusOr<std::vector<LabelBox>> labels = ParseGeoJsonLabels(
      R"({"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"kind":"tent","bbox_px":[0,0,1,1]}},
          {"type":"Feature","properties":{"kind":"tent"}}]})",
      "x.geojson");
  ASSERT_FALSE(labels.ok());
  EXPECT_EQ(labels.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(labels.status().message(), HasSubstr("'x.geojson'"));
  EXPECT_THAT(labels.status().message(), HasSubstr("features[1]"));
  EXPECT_THAT(labels.status().message(), HasSubstr("bbox_px"));

  labels = ParseGeoJsonLabels(
      R"({"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"kind":"tent","bbox_px":[5,0,1,1]}}]})",
      "x.geojson");
  EXPECT_THAT(labels.status().message(), HasSubstr("is empty"));

  labels = ParseGeoJsonLabels(R"({"type":"Feature"})", "x.geojson");
  EXPECT_THAT(labels.status().message(), HasSubstr("FeatureCollection"));

  labels = ParseGeoJsonLabels("{not json", "x.geojson");
  EXPECT_THAT(labels.status().message(), HasSubstr("not valid JSON"));
}

TEST(PascalVocLabelsTest, ConvertsOneBasedInclusiveBoxes) {
  absl::StatusOr<std::vector<LabelBox>> labels = ParsePascalVocLabels(
      R"(<annotation>
           <filename>tile_001.png</filename>
           <size><width>400</width><height>400</height><depth>3</depth></size>
           <object><name>tent</name><difficult>0</difficult>
             <bndbox><xmin>11</xmin><ymin>21</ymin><xmax>18</xmax><ymax>27</ymax></bndbox>
           </object>
           <object><name>building</name>
             <bndbox><xmin>100</xmin><ymin>100</ymin><xmax>140</xmax><ymax>130</ymax></bndbox>
           </object>
         </annotation>)",
      "tile_001.xml");
  ASSERT_TRUE(labels.ok()) << labels.status();
  ASSERT_EQ(labels->size(), 2u);
  // Pixels 11..18 counted from 1 are [10, 18) counted from 0.
  EXPECT_DOUBLE_EQ((*labels)[0].box.xmin, 10);
  EXPECT_DOUBLE_EQ((*labels)[0].box.ymin, 20);
  EXPECT_DOUBLE_EQ((*labels)[0].box.xmax, 18);
  EXPECT_DOUBLE_EQ((*labels)[0].box.ymax, 27);
  EXPECT_EQ((*labels)[1].class_name, "building");
}

TEST(PascalVocLabelsTest, ErrorsNameTheObjectAndField) {
  absl::StatusOr<std::vector<LabelBox>> labels = ParsePascalVocLabels(
      R"(<annotation><object><name>tent</name>
           <bndbox><xmin>1</xmin><ymin>1</ymin><xmax>9</xmax></bndbox>
         </object></annotation>)",
      "t.xml");
  ASSERT_FALSE(labels.ok());
  EXPECT_THAT(labels.status().message(), HasSubstr("'t.xml', <object> #1"));
  EXPECT_THAT(labels.status().message(), HasSubstr("<ymax>"));

  labels = ParsePascalVocLabels("<html></html>", "t.xml");
  EXPECT_THAT(labels.status().message(), HasSubstr("<annotation>"));
  labels = ParsePascalVocLabels("<annotation><object>", "t.xml");
  EXPECT_FALSE(labels.ok());
}

TEST(TextLabelsTest, OneBoxPerLineWithCommentsAndBlankLines) {
  absl::StatusOr<std::vector<LabelBox>> labels = ParseTextLabels(
      "# class xmin ymin xmax ymax\n"
      "tent 10 20 18 27\r\n"
      "\n"
      "makeshift\t1.5 2.5 4 5\n",
      "t.txt");
  ASSERT_TRUE(labels.ok()) << labels.status();
  ASSERT_EQ(labels->size(), 2u);
  EXPECT_EQ((*labels)[0].class_name, "tent");
  EXPECT_DOUBLE_EQ((*labels)[0].box.ymax, 27);
  EXPECT_DOUBLE_EQ((*labels)[1].box.xmin, 1.5);
  // An empty file is a tile with no tents, not an error.
  EXPECT_TRUE(ParseTextLabels("", "t.txt")->empty());
}

TEST(TextLabelsTest, ErrorsNameTheLine) {
  absl::StatusOr<std::vector<LabelBox>> labels =
      ParseTextLabels("tent 1 2 3 4\ntent 1 2 3\n", "t.txt");
  ASSERT_FALSE(labels.ok());
  EXPECT_THAT(labels.status().message(), HasSubstr("'t.txt', line 2"));
  labels = ParseTextLabels("tent 1 2 x 4\n", "t.txt");
  EXPECT_THAT(labels.status().message(), HasSubstr("line 1: xmax 'x'"));
}

class LabelFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(LabelFileTest, DispatchesOnTheExtension) {
  EXPECT_EQ(ReadLabelFile(Write("a.labels.geojson", kGeoJson))->size(), 2u);
  EXPECT_EQ(ReadLabelFile(Write("b.TXT", "tent 0 0 1 1\n"))->size(), 1u);
  EXPECT_EQ(ReadLabelFile(Write("c.xml", "<annotation/>"))->size(), 0u);
}

TEST_F(LabelFileTest, UnknownFormatNamesTheFile) {
  const std::string path = Write("d.csv", "tent,0,0,1,1\n");
  absl::StatusOr<std::vector<LabelBox>> labels = ReadLabelFile(path);
  ASSERT_FALSE(labels.ok());
  EXPECT_EQ(labels.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(labels.status().message(), HasSubstr(path));
  EXPECT_THAT(labels.status().message(), HasSubstr("unknown label format"));
  EXPECT_THAT(labels.status().message(), HasSubstr("'.csv'"));
}

TEST_F(LabelFileTest, MissingFileIsNotFound) {
  const std::string path = (dir_ / "missing.geojson").string();
  absl::StatusOr<std::vector<LabelBox>> labels = ReadLabelFile(path);
  EXPECT_EQ(labels.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(labels.status().message(), HasSubstr(path));
}

}  // namespace
}  // namespace campcount::evaluation
