// The faster_rcnn detector through the real server: the real plugin .so
// loads partner-style models scripted from torchvision at build time, a
// request chooses model and version, the explanation names the model and
// its hash, and bad models are refused while the engine keeps serving.
#include <gdal_utils.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "dataset_writer.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "test_camp.h"
#include "test_server.h"

namespace campcount::testing {
namespace {

using ::testing::HasSubstr;

std::string TestModels() {
  return EnvOrDie("CAMPCOUNT_FASTER_RCNN_TEST_MODELS");
}

campcount::v1::ServerConfig ConfigWithRepository(const std::string& repository,
                                                 const std::string& model) {
  campcount::v1::ServerConfig config = TestConfig();
  auto& settings =
      *(*config.mutable_plugin_config())["faster_rcnn"].mutable_settings();
  settings["model_repository"] = repository;
  settings["default_model"] = model;
  settings["intra_op_threads"] = "1";
  return config;
}

const campcount::v1::ComponentVersion* ModelComponent(
    const campcount::v1::PopulationEstimate& estimate) {
  for (const auto& c : estimate.explanation().components()) {
    if (c.role() == "model") return &c;
  }
  return nullptr;
}

class FasterRcnnServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    synth::DemoCampOptions options;
    options.width_px = 300;
    options.height_px = 300;
    options.gsd_m = 0.5;
    options.tent_count = 20;
    camp_ = dir_->File("camp.tif");
    WriteCamp(camp_, options);
  }
  static void TearDownTestSuite() { delete dir_; }

  static campcount::v1::EstimateRequest Request() {
    campcount::v1::EstimateRequest request;
    request.set_image_uri(camp_);
    request.set_detector("faster_rcnn");
    return request;
  }

  static TempDir* dir_;
  static std::string camp_;
};
TempDir* FasterRcnnServerTest::dir_ = nullptr;
std::string FasterRcnnServerTest::camp_;

TEST_F(FasterRcnnServerTest, ListPluginsShowsTheModelsWithTheirHashes) {
  TestServer server =
      StartServer(ConfigWithRepository(TestModels() + "/repo", "partner"));
  ASSERT_TRUE(server.stub);
  grpc::ClientContext context;
  campcount::v1::ListPluginsResponse response;
  ASSERT_TRUE(server.stub->ListPlugins(&context, {}, &response).ok());
  const campcount::v1::PluginInfo* faster_rcnn = nullptr;
  for (const auto& p : response.plugins()) {
    if (p.manifest().name() == "faster_rcnn") faster_rcnn = &p;
  }
  ASSERT_NE(faster_rcnn, nullptr) << "faster_rcnn was not loaded";
  ASSERT_EQ(faster_rcnn->models_size(), 2);
  EXPECT_EQ(faster_rcnn->models(0).name(), "partner");
  EXPECT_EQ(faster_rcnn->models(1).version(), "2");
  EXPECT_EQ(faster_rcnn->models(1).sha256().size(), 64u);
  EXPECT_DOUBLE_EQ(faster_rcnn->models(1).metadata().gsd_m(), 0.25);
}

TEST_F(FasterRcnnServerTest, PartnerModelRunsAndExplanationNamesIt) {
  TestServer server =
      StartServer(ConfigWithRepository(TestModels() + "/repo", "partner"));
  ASSERT_TRUE(server.stub);
  EstimateOutcome latest = RunEstimate(*server.stub, Request());
  ASSERT_TRUE(latest.status.ok()) << latest.status.error_message();
  ASSERT_NE(latest.started(), nullptr);
  // Tiles are the model's size, and the image (0.5 m) is resampled to the
  // model's GSD, both from its metadata.
  EXPECT_EQ(latest.started()->tile_size_px(), 256);
  EXPECT_DOUBLE_EQ(latest.started()->scene().gsd_m(), 0.25);
  const auto latest_estimates = latest.estimates();
  ASSERT_EQ(latest_estimates.size(), 1u);
  const auto* model = ModelComponent(latest_estimates[0]);
  ASSERT_NE(model, nullptr) << "no model in the explanation's components";
  EXPECT_EQ(model->name(), "partner");
  EXPECT_EQ(model->version(), "2");
  EXPECT_EQ(model->sha256().size(), 64u);

  campcount::v1::EstimateRequest pinned = Request();
  pinned.set_model("partner");
  pinned.set_model_version("1");
  pinned.set_score_threshold(0.3f);
  EstimateOutcome first = RunEstimate(*server.stub, pinned);
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  const auto first_estimates = first.estimates();
  ASSERT_FALSE(first_estimates.empty());
  const auto* first_model = ModelComponent(first_estimates[0]);
  ASSERT_NE(first_model, nullptr);
  EXPECT_EQ(first_model->version(), "1");
  // Version 1 works at 0.5 m: the image is read as it is, not at the
  // latest version's 0.25 m.
  ASSERT_NE(first.started(), nullptr);
  EXPECT_DOUBLE_EQ(first.started()->scene().gsd_m(), 0.5);
  EXPECT_NE(first_model->sha256(), model->sha256());
  EXPECT_FLOAT_EQ(first.done()->features().score_threshold(), 0.3f);
}

TEST_F(FasterRcnnServerTest, UnknownModelIsAClearErrorAndTheEngineServesOn) {
  TestServer server =
      StartServer(ConfigWithRepository(TestModels() + "/repo", "partner"));
  ASSERT_TRUE(server.stub);
  campcount::v1::EstimateRequest request = Request();
  request.set_model("nope");
  EstimateOutcome missing = RunEstimate(*server.stub, request);
  EXPECT_EQ(missing.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(missing.status.error_message(),
              HasSubstr("model 'nope' is not in the model repository"));

  request = Request();
  request.set_detector("bright_shelter");
  request.set_model("partner");
  EstimateOutcome no_models = RunEstimate(*server.stub, request);
  EXPECT_EQ(no_models.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(no_models.status.error_message(), HasSubstr("runs no models"));

  EstimateOutcome after = RunEstimate(*server.stub, Request());
  EXPECT_TRUE(after.status.ok()) << after.status.error_message();
}

TEST_F(FasterRcnnServerTest, BadModelsAreRefusedAndTheEngineServesOn) {
  for (const char* model : {"no_metadata", "wrong_output", "failing_warmup"}) {
    SCOPED_TRACE(model);
    TestServer server =
        StartServer(ConfigWithRepository(TestModels() + "/bad", model));
    ASSERT_TRUE(server.stub);
    grpc::ClientContext context;
    campcount::v1::ListPluginsResponse response;
    ASSERT_TRUE(server.stub->ListPlugins(&context, {}, &response).ok());
    std::string reason;
    for (const auto& r : response.refused()) {
      if (r.file().find("libcampcount_faster_rcnn.so") != std::string::npos) {
        reason = r.reason();
      }
    }
    EXPECT_THAT(reason, HasSubstr(model));
    EXPECT_THAT(reason, HasSubstr("init of detector 'faster_rcnn' failed"));

    campcount::v1::EstimateRequest request = Request();
    EstimateOutcome refused = RunEstimate(*server.stub, request);
    EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::NOT_FOUND);
    request.set_detector("bright_shelter");
    EstimateOutcome other = RunEstimate(*server.stub, request);
    EXPECT_TRUE(other.status.ok()) << other.status.error_message();
  }
}

// Three small camps of different sizes, one image each, three census rounds
// after it: enough for a linear fit, even on the boxes of an untrained model.
std::string WriteSmallDataset(const TempDir& dir) {
  std::string camps;
  std::ofstream census(dir.File("census.csv"));
  census << "site_id,site_name,state,lga,ward,latitude,longitude,"
            "survey_round,survey_date,households,individuals,"
            "pct_no_shelter,pct_tents,pct_makeshift\n";
  for (int c = 0; c < 3; ++c) {
    synth::DemoCampOptions options;
    options.width_px = 200 + 100 * c;
    options.height_px = 200 + 100 * c;
    options.gsd_m = 0.5;
    options.tent_count = 10 + 15 * c;
    options.seed = 40 + c;
    options.acquisition_date = "2019-01-10";
    const std::string image = dir.File("camp" + std::to_string(c) + ".tif");
    WriteCamp(image, options);
    camps += (c ? "," : "") + std::string("{\"id\": \"FR_S00") +
             std::to_string(c + 1) + "\", \"images\": [{\"id\": \"i" +
             std::to_string(c) + "\", \"path\": \"" + image +
             "\", \"date\": \"2019-01-10\", \"gsd_m\": 0.5}]}";
    for (int round = 0; round < 3; ++round) {
      const int people = 5 * options.tent_count + 7 * round + c;
      census << "FR_S00" << c + 1 << ",Camp,Borno,Gwoza,Gwoza,11.0,13.6,"
             << round + 1 << ",2019-0" << round + 2 << "-01," << people / 5
             << "," << people << ",8.0,85.0,7.0\n";
    }
  }
  const std::string manifest = dir.File("dataset.json");
  std::ofstream(manifest) << "{\"format\": \"campcount-dataset/1\", "
                             "\"census_csv\": \"census.csv\", \"camps\": ["
                          << camps << "]}";
  return manifest;
}

campcount::v1::CalibrateResult CalibrateWithFasterRcnn(
    campcount::v1::CampCount::Stub& stub, const std::string& dataset) {
  grpc::ClientContext context;
  campcount::v1::CalibrateRequest request;
  request.set_dataset(dataset);
  request.set_estimator("area_linear");
  request.set_detector("faster_rcnn");
  request.set_score_threshold(0.0f);  // the test model is untrained
  auto reader = stub.Calibrate(&context, request);
  campcount::v1::CalibrateEvent event;
  campcount::v1::CalibrateResult result;
  while (reader->Read(&event)) {
    if (event.has_result()) result = event.result();
  }
  const grpc::Status status = reader->Finish();
  EXPECT_TRUE(status.ok()) << status.error_message();
  return result;
}

// Calibration detects with the model version that is latest when it starts,
// names it and its hash in the artifact, and detections made with one
// version are never reused for a fit after a new version arrives.
TEST_F(FasterRcnnServerTest,
       CalibrationNamesItsModelAndANewVersionDetectsAgain) {
  namespace fs = std::filesystem;
  TempDir work;
  const std::string repository = work.File("repo");
  fs::copy(TestModels() + "/repo", repository, fs::copy_options::recursive);
  const std::string dataset = WriteSmallDataset(work);
  campcount::v1::ServerConfig config =
      ConfigWithRepository(repository, "partner");
  config.set_model_repository(work.File("calibrations"));
  TestServer server = StartServer(config);
  ASSERT_TRUE(server.stub);

  const auto first = CalibrateWithFasterRcnn(*server.stub, dataset);
  EXPECT_EQ(first.artifact().detector(), "faster_rcnn");
  EXPECT_EQ(first.artifact().detector_model(), "partner/2");
  EXPECT_EQ(first.artifact().detector_model_sha256().size(), 64u);
  EXPECT_EQ(first.images_detected(), 3);
  EXPECT_EQ(CalibrateWithFasterRcnn(*server.stub, dataset).images_detected(),
            0);  // same model, same files: from the cache

  fs::copy(repository + "/partner/1", repository + "/partner/3",
           fs::copy_options::recursive);
  const auto after = CalibrateWithFasterRcnn(*server.stub, dataset);
  EXPECT_EQ(after.artifact().detector_model(), "partner/3");
  EXPECT_NE(after.artifact().detector_model_sha256(),
            first.artifact().detector_model_sha256());
  EXPECT_EQ(after.images_detected(), 3);
}

struct Box {
  double xmin, ymin, xmax, ymax;
};

double IoU(const Box& a, const Box& b) {
  const double w = std::min(a.xmax, b.xmax) - std::max(a.xmin, b.xmin);
  const double h = std::min(a.ymax, b.ymax) - std::max(a.ymin, b.ymin);
  if (w <= 0 || h <= 0) return 0;
  const double inter = w * h;
  return inter / ((a.xmax - a.xmin) * (a.ymax - a.ymin) +
                  (b.xmax - b.xmin) * (b.ymax - b.ymin) - inter);
}

// Tent boxes (kind "tent", bbox_px) of a labels GeoJSON file.
std::vector<Box> TentBoxes(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  google::protobuf::Struct labels;
  EXPECT_TRUE(
      google::protobuf::util::JsonStringToMessage(text.str(), &labels).ok());
  std::vector<Box> boxes;
  for (const auto& feature :
       labels.fields().at("features").list_value().values()) {
    const auto& props =
        feature.struct_value().fields().at("properties").struct_value();
    if (props.fields().at("kind").string_value() != "tent") continue;
    const auto& b = props.fields().at("bbox_px").list_value();
    boxes.push_back({b.values(0).number_value(), b.values(1).number_value(),
                     b.values(2).number_value(), b.values(3).number_value()});
  }
  return boxes;
}

// The shipped default model (models/tent_frcnn, found beside the plugins)
// on a tile cut from a camp made by the synthetic generator, with a seed
// never used in training: most labelled tents are found, few boxes are
// false. (Full accuracy is measured on the held-out benchmark; docs/models.md.)
TEST(FasterRcnnShippedModel, FindsTheTentsOfAGeneratedTile) {
  TempDir dir;
  synth::DatasetOptions options;
  options.camps = 1;
  options.dates = 1;
  options.seed = 4242;
  options.threads = 1;
  options.out_dir = dir.File("camps");
  auto dataset = synth::WriteDataset(options);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  std::string image, labels;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(options.out_dir)) {
    const std::string path = entry.path().string();
    if (path.ends_with(".labels.geojson"))
      labels = path;
    else if (path.ends_with(".tif"))
      image = path;
  }
  ASSERT_FALSE(image.empty());
  std::vector<Box> tents = TentBoxes(labels);
  ASSERT_GT(tents.size(), 10u);

  // A 600 x 600 px window around the median tent: the camp's busy middle.
  std::vector<double> xs, ys;
  for (const Box& t : tents) {
    xs.push_back((t.xmin + t.xmax) / 2);
    ys.push_back((t.ymin + t.ymax) / 2);
  }
  std::nth_element(xs.begin(), xs.begin() + xs.size() / 2, xs.end());
  std::nth_element(ys.begin(), ys.begin() + ys.size() / 2, ys.end());
  GDALAllRegister();
  GDALDatasetH source = GDALOpen(image.c_str(), GA_ReadOnly);
  ASSERT_NE(source, nullptr);
  const int size = 600;
  const int x0 = std::clamp(int(xs[xs.size() / 2]) - size / 2, 0,
                            GDALGetRasterXSize(source) - size);
  const int y0 = std::clamp(int(ys[ys.size() / 2]) - size / 2, 0,
                            GDALGetRasterYSize(source) - size);
  const std::string window[] = {std::to_string(x0), std::to_string(y0),
                                std::to_string(size), std::to_string(size)};
  const char* args[] = {"-srcwin",         window[0].c_str(), window[1].c_str(),
                        window[2].c_str(), window[3].c_str(), nullptr};
  GDALTranslateOptions* translate =
      GDALTranslateOptionsNew(const_cast<char**>(args), nullptr);
  const std::string tile = dir.File("tile.tif");
  GDALDatasetH out = GDALTranslate(tile.c_str(), source, translate, nullptr);
  GDALTranslateOptionsFree(translate);
  ASSERT_NE(out, nullptr);
  double gt[6];
  ASSERT_EQ(GDALGetGeoTransform(out, gt), CE_None);
  GDALClose(out);
  GDALClose(source);
  // Tents lying wholly inside the tile, in its pixels.
  std::vector<Box> truth;
  for (const Box& t : tents) {
    if (t.xmin >= x0 && t.ymin >= y0 && t.xmax <= x0 + size &&
        t.ymax <= y0 + size) {
      truth.push_back({t.xmin - x0, t.ymin - y0, t.xmax - x0, t.ymax - y0});
    }
  }
  ASSERT_GT(truth.size(), 5u);

  TestServer server = StartServer();
  ASSERT_TRUE(server.stub);
  campcount::v1::EstimateRequest request;
  request.set_image_uri(tile);
  request.set_detector("faster_rcnn");
  request.set_include_detections(true);
  EstimateOutcome outcome = RunEstimate(*server.stub, request, 300);
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  std::vector<Box> found;
  for (const auto& d : outcome.detections()) {
    if (!d.kept()) continue;
    // The engine resamples to the model's GSD, so its pixel boxes are in
    // that grid: compare in the tile's own pixels, through map coordinates.
    const auto& m = d.map_box();
    found.push_back({(m.xmin() - gt[0]) / gt[1], (m.ymax() - gt[3]) / gt[5],
                     (m.xmax() - gt[0]) / gt[1], (m.ymin() - gt[3]) / gt[5]});
  }
  int matched = 0;
  std::vector<bool> used(found.size(), false);
  for (const Box& t : truth) {
    for (size_t i = 0; i < found.size(); ++i) {
      if (!used[i] && IoU(t, found[i]) >= 0.5) {
        used[i] = true;
        ++matched;
        break;
      }
    }
  }
  // Boxes on tents cut by the tile edge are not false: count only boxes
  // that match nothing and lie wholly inside the tile's margin.
  int false_boxes = 0;
  for (size_t i = 0; i < found.size(); ++i) {
    const Box& b = found[i];
    if (!used[i] && b.xmin > 8 && b.ymin > 8 && b.xmax < size - 8 &&
        b.ymax < size - 8) {
      bool near_tent = false;
      for (const Box& t : tents) {
        near_tent =
            near_tent ||
            IoU({t.xmin - x0, t.ymin - y0, t.xmax - x0, t.ymax - y0}, b) > 0.1;
      }
      if (!near_tent) ++false_boxes;
    }
  }
  const double recall = double(matched) / truth.size();
  const double precision =
      double(matched) / std::max<size_t>(1, matched + false_boxes);
  EXPECT_GE(recall, 0.8) << matched << " of " << truth.size() << " tents";
  EXPECT_GE(precision, 0.8) << false_boxes << " false boxes";
  const auto estimates = outcome.estimates();
  ASSERT_FALSE(estimates.empty());
  bool named = false;
  for (const auto& c : estimates[0].explanation().components()) {
    named = named || (c.role() == "model" && c.name() == "tent_frcnn");
  }
  EXPECT_TRUE(named);
}

}  // namespace
}  // namespace campcount::testing
