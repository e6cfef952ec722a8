// `campcount evaluate` end to end: a small dataset of generated camps
// (real GeoTIFFs, labels GeoJSON, dataset.json), the real server on loopback
// with the real plugins, the CLI command as a user runs it; then the report,
// the GeoJSON and the overlays are read back and checked against each other
// and against the labels that were written.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <opencv2/imgcodecs.hpp>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "evaluate_command.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test_camp.h"
#include "test_server.h"

namespace campcount::testing {
namespace {

namespace fs = std::filesystem;
using google::protobuf::Value;
using ::testing::HasSubstr;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `campcount evaluate ARGS` in this process, capturing its output.
CliRun RunEvaluate(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  std::streambuf* old_out = std::cout.rdbuf(out.rdbuf());
  std::streambuf* old_err = std::cerr.rdbuf(err.rdbuf());
  CliRun run;
  run.exit_code = cli::RunEvaluateCommand(args);
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  run.out = out.str();
  run.err = err.str();
  return run;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Value ParseJson(const std::string& text) {
  Value value;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(text, &value).ok())
      << text.substr(0, 400);
  return value;
}

const Value& At(const Value& v, const std::string& key) {
  static const Value kNull;
  auto it = v.struct_value().fields().find(key);
  return it == v.struct_value().fields().end() ? kNull : it->second;
}

int64_t Int(const Value& v, const std::string& key) {
  return static_cast<int64_t>(At(v, key).number_value());
}

struct WrittenImage {
  std::string camp_id;
  std::string image_id;
  int tents = 0;
};

// Labels the way `campcount synth` writes them: one feature per shelter,
// kind and bbox_px; one makeshift shelter (not a tent) on open ground.
std::string LabelsGeoJson(const synth::DemoCampTruth& truth) {
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[";
  for (size_t i = 0; i < truth.tents.size(); ++i) {
    const synth::TentTruth& t = truth.tents[i];
    absl::StrAppendFormat(&out,
                          "%s{\"type\":\"Feature\",\"geometry\":null,"
                          "\"properties\":{\"kind\":\"tent\",\"area_m2\":%.2f,"
                          "\"bbox_px\":[%.2f,%.2f,%.2f,%.2f]}}",
                          i ? "," : "", t.area_m2, t.xmin, t.ymin, t.xmax,
                          t.ymax);
  }
  absl::StrAppend(&out,
                  ",{\"type\":\"Feature\",\"geometry\":null,\"properties\":{"
                  "\"kind\":\"makeshift\",\"bbox_px\":[2,2,9,8]}}]}");
  return out;
}

class EvaluateIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = StartServer();
    ASSERT_NE(server_.server, nullptr);
    root_ = dir_.File("dataset");
    fs::create_directories(fs::path(root_) / "camps");
  }

  // Writes a demo camp image and its labels; returns the manifest entry.
  std::string AddImage(const std::string& camp_id, const std::string& date,
                       uint64_t seed, int tents, double gsd) {
    synth::DemoCampOptions options;
    options.width_px = options.height_px = 700;
    options.gsd_m = gsd;
    options.tent_count = tents;
    options.seed = seed;
    options.acquisition_date = date;
    const std::string id = camp_id + "_" + date;
    const std::string tif = "camps/" + id + ".tif";
    const std::string labels = "camps/" + id + ".labels.geojson";
    synth::DemoCampTruth truth =
        WriteCamp((fs::path(root_) / tif).string(), options);
    std::ofstream(fs::path(root_) / labels) << LabelsGeoJson(truth);
    written_.push_back({camp_id, id, static_cast<int>(truth.tents.size())});
    return absl::StrFormat(
        R"({"id":"%s","path":"%s","date":"%s","gsd_m":%g,"epsg":32633,)"
        R"("width_px":700,"height_px":700,"labels":"%s",)"
        R"("truth":{"tents":%d}})",
        id, tif, date, gsd, labels, truth.tents.size());
  }

  void WriteManifest(const std::string& camps_json) {
    std::ofstream(fs::path(root_) / "dataset.json")
        << R"({"format":"campcount-dataset/1",)"
        << R"("generator":{"program":"evaluate_integration_test","seed":1},)"
        << R"("camps":[)" << camps_json << "]}";
  }

  // Two camps, three images.
  void WriteSmallDataset() {
    const std::string a1 = AddImage("AD_S001", "2019-03-14", 11, 40, 0.5);
    const std::string a2 = AddImage("AD_S001", "2019-09-02", 12, 55, 0.5);
    const std::string b1 = AddImage("AD_S002", "2019-05-20", 13, 30, 0.45);
    WriteManifest(absl::StrCat(R"({"id":"AD_S001","name":"A","images":[)", a1,
                               ",", a2, R"(]},{"id":"AD_S002","name":"B",)",
                               R"("images":[)", b1, "]}"));
  }

  std::vector<std::string> ServerArgs() const {
    return {"--server", server_.server->address()};
  }

  std::vector<std::string> Args(std::vector<std::string> args) const {
    for (const std::string& a : ServerArgs()) args.push_back(a);
    return args;
  }

  TempDir dir_;
  TestServer server_;
  std::string root_;
  std::vector<WrittenImage> written_;
};

TEST_F(EvaluateIntegrationTest, DatasetNumbersAgreeWithLabelsAndOutputs) {
  WriteSmallDataset();
  const std::string out = dir_.File("out");
  const CliRun run = RunEvaluate(
      Args({"--dataset", root_ + "/dataset.json", "--out", out, "--json"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;

  // What --json printed is what was written.
  EXPECT_EQ(run.out, ReadFile(out + "/evaluation.json"));
  const Value report = ParseJson(run.out);
  EXPECT_EQ(At(At(report, "detector"), "name").string_value(),
            "bright_shelter");
  EXPECT_FALSE(At(At(report, "detector"), "sha256").string_value().empty());

  // Truth counts are the tents written (the makeshift shelter is not one).
  int64_t written_tents = 0;
  for (const WrittenImage& w : written_) written_tents += w.tents;
  const Value& overall = At(report, "overall");
  EXPECT_EQ(Int(overall, "tents"), written_tents);
  EXPECT_EQ(Int(overall, "images"), 3);
  EXPECT_EQ(Int(overall, "true_positives") + Int(overall, "misses"),
            written_tents);
  for (const char* ratio : {"precision", "recall", "f1", "average_precision"}) {
    const double v = At(overall, ratio).number_value();
    EXPECT_GE(v, 0.0) << ratio;
    EXPECT_LE(v, 1.0) << ratio;
  }
  // Demo camps are easy (white tents on plain soil): the rule-based
  // detector must find most of them. A broken matching or a box frame
  // mix-up (scene vs image pixels) would fail this.
  EXPECT_GT(At(overall, "recall").number_value(), 0.8);
  EXPECT_GT(At(overall, "precision").number_value(), 0.8);
  EXPECT_EQ(
      At(overall, "sentence").string_value(),
      absl::StrCat("found ", Int(overall, "true_positives"), " of ",
                   written_tents, " tents, ", Int(overall, "false_positives"),
                   Int(overall, "false_positives") == 1 ? " false positive"
                                                        : " false positives"));

  // Per camp: two camps whose counts add up to the overall ones.
  const auto& camps = At(report, "camps").list_value().values();
  ASSERT_EQ(camps.size(), 2);
  EXPECT_EQ(At(camps[0], "camp_id").string_value(), "AD_S001");
  EXPECT_EQ(Int(camps[0], "images"), 2);
  EXPECT_EQ(Int(camps[0], "tents"), written_[0].tents + written_[1].tents);
  EXPECT_EQ(Int(camps[1], "tents"), written_[2].tents);
  for (const char* count :
       {"tents", "true_positives", "false_positives", "misses"}) {
    EXPECT_EQ(Int(camps[0], count) + Int(camps[1], count), Int(overall, count))
        << count;
  }

  // The GeoJSON holds exactly the TP, FP and misses the report counts, in
  // lon/lat near Maiduguri.
  const Value geojson = ParseJson(ReadFile(out + "/evaluation.geojson"));
  int64_t tp = 0, fp = 0, misses = 0;
  for (const Value& f : At(geojson, "features").list_value().values()) {
    const std::string outcome =
        At(At(f, "properties"), "outcome").string_value();
    tp += outcome == "true_positive";
    fp += outcome == "false_positive";
    misses += outcome == "miss";
    const Value& lon = At(f, "geometry")
                           .struct_value()
                           .fields()
                           .at("coordinates")
                           .list_value()
                           .values(0)
                           .list_value()
                           .values(0)
                           .list_value()
                           .values(0);
    EXPECT_NEAR(lon.number_value(), 13.2, 0.5);
  }
  EXPECT_EQ(tp, Int(overall, "true_positives"));
  EXPECT_EQ(fp, Int(overall, "false_positives"));
  EXPECT_EQ(misses, Int(overall, "misses"));

  // One overlay per image, the image's size plus the legend strip.
  for (const WrittenImage& w : written_) {
    const cv::Mat overlay =
        cv::imread(out + "/overlays/" + w.image_id + ".png", cv::IMREAD_COLOR);
    ASSERT_FALSE(overlay.empty()) << w.image_id;
    EXPECT_EQ(overlay.cols, 700);
    EXPECT_EQ(overlay.rows, 730);
  }
  for (const auto& entry : fs::directory_iterator(out)) {
    EXPECT_FALSE(absl::StrContains(entry.path().filename().string(), "stag"))
        << entry.path();
  }
}

TEST_F(EvaluateIntegrationTest, ThresholdOneFindsNothingAndAPIsUnchanged) {
  WriteSmallDataset();
  const CliRun low = RunEvaluate(
      Args({"--dataset", root_, "--out", dir_.File("low"), "--json"}));
  ASSERT_EQ(low.exit_code, 0) << low.err;
  const CliRun high =
      RunEvaluate(Args({"--dataset", root_, "--out", dir_.File("high"),
                        "--json", "--threshold", "1.0", "--camp", "AD_S002"}));
  ASSERT_EQ(high.exit_code, 0) << high.err;
  const Value h = At(ParseJson(high.out), "overall");
  // Only camp AD_S002, and bright_shelter scores stay below 1.
  EXPECT_EQ(Int(h, "images"), 1);
  EXPECT_EQ(Int(h, "tents"), written_[2].tents);
  EXPECT_EQ(Int(h, "true_positives"), 0);
  EXPECT_EQ(Int(h, "misses"), written_[2].tents);
  // AP does not depend on the operating threshold.
  const Value l_camps = At(ParseJson(low.out), "camps");
  EXPECT_DOUBLE_EQ(
      At(l_camps.list_value().values(1), "average_precision").number_value(),
      At(h, "average_precision").number_value());
}

TEST_F(EvaluateIntegrationTest, ResampledScenesAreComparedInImagePixels) {
  // The source resamples 0.5 m images to 0.25 m (scene pixels twice as
  // many); boxes must come back to the image's pixels to match the labels.
  WriteSmallDataset();
  const CliRun run = RunEvaluate(
      Args({"--dataset", root_, "--out", dir_.File("o"), "--target-gsd", "0.25",
            "--camp", "AD_S001", "--json"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Value report = ParseJson(run.out);
  const double gsd =
      At(At(report, "images").list_value().values(0), "detector_gsd_m")
          .number_value();
  ASSERT_NEAR(gsd, 0.25, 1e-6) << "the engine did not resample";
  const Value overall = At(report, "overall");
  EXPECT_EQ(Int(overall, "tents"), written_[0].tents + written_[1].tents);
  EXPECT_GT(At(overall, "recall").number_value(), 0.8);
  EXPECT_GT(At(overall, "precision").number_value(), 0.8);
}

TEST_F(EvaluateIntegrationTest, TargetDatePicksTheImageBefore) {
  WriteSmallDataset();
  const CliRun run =
      RunEvaluate(Args({"--dataset", root_, "--out", dir_.File("o"),
                        "--target-date", "2019-04-01", "--json"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Value report = ParseJson(run.out);
  // AD_S001's March image; AD_S002's only image is from May: skipped.
  const auto& images = At(report, "images").list_value().values();
  ASSERT_EQ(images.size(), 1);
  EXPECT_EQ(At(images[0], "image_id").string_value(), "AD_S001_2019-03-14");
  ASSERT_EQ(At(report, "skipped").list_value().values_size(), 1);
  EXPECT_THAT(At(report, "skipped").list_value().values(0).string_value(),
              HasSubstr("AD_S002"));
}

TEST_F(EvaluateIntegrationTest, PlainTilesWithTextAndVocLabels) {
  // Two PNG tiles cut from a demo camp (no georeference), one labelled
  // with a text file, one with Pascal VOC XML.
  synth::DemoCampOptions options;
  options.width_px = options.height_px = 800;
  options.tent_count = 60;
  options.seed = 21;
  const synth::DemoCampTruth truth = WriteCamp(dir_.File("camp.tif"), options);
  const cv::Mat camp = cv::imread(dir_.File("camp.tif"), cv::IMREAD_COLOR);
  ASSERT_FALSE(camp.empty());
  const fs::path tiles = dir_.File("tiles"), labels = dir_.File("labels");
  fs::create_directories(tiles);
  fs::create_directories(labels);
  int truth_total = 0;
  for (const auto& [name, x0] :
       {std::pair{"left", 0}, std::pair{"right", 400}}) {
    ASSERT_TRUE(cv::imwrite((tiles / (std::string(name) + ".png")).string(),
                            camp(cv::Rect(x0, 0, 400, 800))));
    std::string text, voc = "<annotation>";
    for (const synth::TentTruth& t : truth.tents) {
      // Tents cut by the tile edge are left out of both label and count.
      if (t.xmin < x0 || t.xmax > x0 + 400) continue;
      ++truth_total;
      absl::StrAppendFormat(&text, "tent %.2f %.2f %.2f %.2f\n", t.xmin - x0,
                            t.ymin, t.xmax - x0, t.ymax);
      // VOC: 1-based inclusive pixel indices.
      absl::StrAppendFormat(
          &voc,
          "<object><name>tent</name><bndbox><xmin>%.2f</xmin>"
          "<ymin>%.2f</ymin><xmax>%.2f</xmax><ymax>%.2f</ymax></bndbox>"
          "</object>",
          t.xmin - x0 + 1, t.ymin + 1, t.xmax - x0, t.ymax);
    }
    if (std::string(name) == "left") {
      std::ofstream(labels / "left.txt") << text;
    } else {
      std::ofstream(labels / "right.xml") << voc << "</annotation>";
    }
  }
  const std::string out = dir_.File("tile-out");
  const CliRun run =
      RunEvaluate(Args({"--images", tiles.string(), "--labels", labels.string(),
                        "--gsd", "0.5", "--out", out, "--json"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Value report = ParseJson(run.out);
  const Value& overall = At(report, "overall");
  EXPECT_EQ(Int(overall, "tents"), truth_total);
  EXPECT_EQ(Int(overall, "images"), 2);
  EXPECT_GT(At(overall, "recall").number_value(), 0.8);
  EXPECT_EQ(At(report, "mode").string_value(), "tiles");
  // Coordinates stay in tile pixels, and the file says so.
  const std::string geojson = ReadFile(out + "/evaluation.geojson");
  EXPECT_THAT(geojson, HasSubstr("image pixels"));
  EXPECT_TRUE(fs::exists(out + "/overlays/left.png"));
  EXPECT_TRUE(fs::exists(out + "/overlays/right.png"));
}

// ---- Bad input: clear errors, nothing half-written --------------------

TEST_F(EvaluateIntegrationTest, ManifestPointingAtAMissingImage) {
  WriteSmallDataset();
  fs::remove(fs::path(root_) / "camps" / "AD_S001_2019-09-02.tif");
  const std::string out = dir_.File("out");
  const CliRun run = RunEvaluate(Args({"--dataset", root_, "--out", out}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("NOT_FOUND"));
  EXPECT_THAT(run.err, HasSubstr("camps[0].images[1].path"));
  EXPECT_THAT(run.err, HasSubstr("AD_S001_2019-09-02.tif"));
  EXPECT_FALSE(fs::exists(out + "/evaluation.json"));
}

TEST_F(EvaluateIntegrationTest, LabelsInAnUnknownFormat) {
  const std::string a = AddImage("AD_S001", "2019-03-14", 11, 20, 0.5);
  fs::rename(fs::path(root_) / "camps/AD_S001_2019-03-14.labels.geojson",
             fs::path(root_) / "camps/AD_S001_2019-03-14.labels.csv");
  WriteManifest(absl::StrCat(
      R"({"id":"AD_S001","images":[)",
      absl::StrReplaceAll(a, {{".labels.geojson", ".labels.csv"}}), "]}"));
  const std::string out = dir_.File("out");
  const CliRun run = RunEvaluate(Args({"--dataset", root_, "--out", out}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("camps[0].images[0].labels"));
  EXPECT_THAT(run.err, HasSubstr("AD_S001_2019-03-14.labels.csv"));
  EXPECT_THAT(run.err, HasSubstr("unknown label format"));
  EXPECT_FALSE(fs::exists(out + "/evaluation.json"));
  EXPECT_FALSE(fs::exists(out + "/evaluation.geojson"));
}

TEST_F(EvaluateIntegrationTest, MalformedLabelsNameTheFeature) {
  WriteSmallDataset();
  std::ofstream(fs::path(root_) / "camps/AD_S002_2019-05-20.labels.geojson")
      << R"({"type":"FeatureCollection","features":[{"type":"Feature",)"
      << R"("properties":{"kind":"tent","bbox_px":[1,2,3]}}]})";
  const CliRun run =
      RunEvaluate(Args({"--dataset", root_, "--out", dir_.File("out")}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("camps[1].images[0].labels"));
  EXPECT_THAT(run.err, HasSubstr("features[0]"));
  EXPECT_THAT(run.err, HasSubstr("bbox_px"));
}

TEST_F(EvaluateIntegrationTest, ZeroGsdIsAUsageError) {
  fs::create_directories(dir_.File("t"));
  for (const char* gsd : {"0", "-0.5", "abc"}) {
    const CliRun run = RunEvaluate(Args({"--images", dir_.File("t"), "--labels",
                                         dir_.File("t"), "--gsd", gsd}));
    EXPECT_EQ(run.exit_code, 2) << gsd;
    EXPECT_THAT(run.err, HasSubstr("--gsd"));
    EXPECT_THAT(run.err, HasSubstr(gsd));
  }
}

TEST_F(EvaluateIntegrationTest, TileWithoutLabelsNamesTheTile) {
  const fs::path tiles = dir_.File("tiles");
  fs::create_directories(tiles);
  ASSERT_TRUE(cv::imwrite((tiles / "t1.png").string(),
                          cv::Mat(64, 64, CV_8UC3, cv::Scalar(90, 60, 40))));
  std::ofstream(tiles / "t1.yaml") << "boxes: []\n";
  CliRun run =
      RunEvaluate(Args({"--images", tiles.string(), "--labels", tiles.string(),
                        "--gsd", "0.5", "--out", dir_.File("o")}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("t1.yaml"));
  EXPECT_THAT(run.err, HasSubstr("unknown label format"));
  fs::remove(tiles / "t1.yaml");
  run =
      RunEvaluate(Args({"--images", tiles.string(), "--labels", tiles.string(),
                        "--gsd", "0.5", "--out", dir_.File("o")}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("no labels for tile"));
  EXPECT_THAT(run.err, HasSubstr("t1.png"));
  // Labels beside the tile, next to GDAL's t1.png.aux.xml sidecar (which is
  // not a second label file): an empty text file is a tile with no tents.
  std::ofstream(tiles / "t1.png.aux.xml") << "<PAMDataset/>";
  std::ofstream(tiles / "t1.txt") << "";
  run =
      RunEvaluate(Args({"--images", tiles.string(), "--labels", tiles.string(),
                        "--gsd", "0.5", "--out", dir_.File("o"), "--json"}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Value report = ParseJson(run.out);
  EXPECT_EQ(Int(At(report, "overall"), "tents"), 0);
  EXPECT_TRUE(At(At(report, "overall"), "recall").has_null_value());
}

TEST_F(EvaluateIntegrationTest, AFailureHalfWayLeavesThePreviousResults) {
  WriteSmallDataset();
  const std::string out = dir_.File("out");
  ASSERT_EQ(RunEvaluate(Args({"--dataset", root_, "--out", out})).exit_code, 0);
  const std::string before = ReadFile(out + "/evaluation.json");
  const auto overlay_time =
      fs::last_write_time(out + "/overlays/AD_S001_2019-03-14.png");
  // The last image becomes unreadable: the first two are evaluated (and
  // their overlays drawn) before the engine refuses it.
  std::ofstream(fs::path(root_) / "camps/AD_S002_2019-05-20.tif")
      << "not a GeoTIFF";
  const CliRun run = RunEvaluate(Args({"--dataset", root_, "--out", out}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("AD_S002_2019-05-20.tif"));
  EXPECT_EQ(ReadFile(out + "/evaluation.json"), before);
  EXPECT_EQ(fs::last_write_time(out + "/overlays/AD_S001_2019-03-14.png"),
            overlay_time);
  for (const auto& entry : fs::directory_iterator(out)) {
    EXPECT_FALSE(absl::StrContains(entry.path().filename().string(), "stag"))
        << entry.path();
  }
}

}  // namespace
}  // namespace campcount::testing
