#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "command_line.h"
#include "estimate_command.h"
#include "format.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "json_output.h"
#include "plugins_command.h"
#include "progress_bar.h"
#include "summary_printer.h"

namespace campcount::cli {
namespace {

TEST(FormatTest, CountsHaveThousandsSeparators) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1000), "1,000");
  EXPECT_EQ(FormatCount(1234567), "1,234,567");
  EXPECT_EQ(FormatCount(-1500), "-1,500");
  EXPECT_EQ(FormatCount(INT64_MIN), "-9,223,372,036,854,775,808");
}

TEST(FormatTest, NumbersRoundAndGroup) {
  EXPECT_EQ(FormatNumber(6170.4), "6,170");
  EXPECT_EQ(FormatNumber(6170.5), "6,171");
  EXPECT_EQ(FormatNumber(12345.678, 1), "12,345.7");
  EXPECT_EQ(FormatNumber(0.5, 2), "0.50");
  EXPECT_EQ(FormatNumber(-0.2), "0");
  EXPECT_EQ(FormatNumber(-2500.25, 1), "-2,500.3");  // half away from 0
  EXPECT_EQ(FormatNumber(1.0 / 0.0), "n/a");
}

TEST(FormatTest, TablesAlignByDisplayWidth) {
  std::ostringstream out;
  PrintTable(out, {"A", "B"}, {{"m²", "x"}, {"long", "y"}});
  EXPECT_EQ(out.str(), "A     B\nm²    x\nlong  y\n");
  EXPECT_EQ(Wrap("one two three", 7, "  "), "one two\n  three");
}

TEST(CommandLineTest, ParsesValuesBooleansAndRepeats) {
  const std::vector<FlagSpec> specs = {
      {.name = "image", .takes_value = true},
      {.name = "estimator", .takes_value = true, .repeatable = true},
      {.name = "json"}};
  auto parsed = ParseArgs({"--image", "a.tif", "--estimator=x", "--estimator",
                           "y", "--json", "extra", "--", "--not-a-flag"},
                          specs);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->Get("image"), "a.tif");
  EXPECT_EQ(parsed->GetAll("estimator"), (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(parsed->Has("json"));
  EXPECT_FALSE(parsed->Has("missing"));
  EXPECT_EQ(parsed->positional(),
            (std::vector<std::string>{"extra", "--not-a-flag"}));
}

TEST(CommandLineTest, RejectsWhatItDoesNotKnow) {
  const std::vector<FlagSpec> specs = {{.name = "image", .takes_value = true},
                                       {.name = "json"}};
  EXPECT_FALSE(ParseArgs({"--imgae", "a.tif"}, specs).ok());
  EXPECT_FALSE(ParseArgs({"--image"}, specs).ok());
  EXPECT_FALSE(ParseArgs({"--json=yes"}, specs).ok());
  EXPECT_FALSE(ParseArgs({"--image", "a", "--image", "b"}, specs).ok());
}

// Usage errors are caught before any engine is started, and exit with 2.
TEST(CommandLineTest, EstimateUsageErrorsExitWithTwo) {
  EXPECT_EQ(RunEstimateCommand({}), kExitUsage);
  EXPECT_EQ(RunEstimateCommand({"--image", "a.tif", "--threshold", "1.5"}),
            kExitUsage);
  EXPECT_EQ(RunEstimateCommand({"--image", "a.tif", "--threshold", "high"}),
            kExitUsage);
  EXPECT_EQ(RunEstimateCommand({"--image", "a.tif", "--target-date", "3/4"}),
            kExitUsage);
  EXPECT_EQ(RunEstimateCommand(
                {"--image", "a.tif", "--server", "h:1", "--plugin-dir", "/p"}),
            kExitUsage);
  EXPECT_EQ(RunEstimateCommand({"a.tif", "b.tif"}), kExitUsage);
}

TEST(EstimateCommandTest, LocalPathsBecomeAbsoluteUrisStayAsTheyAre) {
  EXPECT_EQ(ImageUri("/vsicurl/https://example.org/a.tif"),
            "/vsicurl/https://example.org/a.tif");
  EXPECT_EQ(ImageUri("s3://bucket/a.tif"), "s3://bucket/a.tif");
  EXPECT_EQ(ImageUri("does-not-exist.tif"), "does-not-exist.tif");
  const std::string here = ImageUri(".");
  ASSERT_FALSE(here.empty());
  EXPECT_EQ(here.front(), '/');
}

TEST(ProgressBarTest, RendersFractionTilesAndDetections) {
  const std::string line = ProgressBar::Render(50, 200, 1234, 12.4);
  EXPECT_NE(line.find("25%"), std::string::npos) << line;
  EXPECT_NE(line.find("50 / 200 tiles"), std::string::npos) << line;
  EXPECT_NE(line.find("1,234 detections"), std::string::npos) << line;
  EXPECT_NE(line.find("12 s"), std::string::npos) << line;
  // No division by zero before the tile count is known.
  EXPECT_NE(ProgressBar::Render(0, 0, 0, 0).find("0%"), std::string::npos);

  std::ostringstream out;
  {
    ProgressBar silent(out, /*enabled=*/false);
    silent.Update(1, 2, 3);
  }
  EXPECT_EQ(out.str(), "");
}

EstimateResult SampleResult() {
  EstimateResult r;
  campcount::v1::EstimateStarted started;
  started.mutable_scene()->set_uri("/data/camp.tif");
  started.mutable_scene()->set_width(2000);
  started.mutable_scene()->set_height(2000);
  started.mutable_scene()->set_gsd_m(0.5);
  started.mutable_scene()->set_epsg(32633);
  started.mutable_scene()->set_acquisition_date("2020-03-14");
  started.mutable_scene()->set_area_m2(1000000);
  started.set_tile_count(16);
  started.set_tile_size_px(512);
  started.set_tile_overlap_px(32);
  started.set_source("geotiff");
  started.set_detector("bright_shelter");
  started.add_estimators("shelter_count");
  started.set_score_threshold(0.5);
  r.started = started;

  campcount::v1::PopulationEstimate e;
  e.set_estimator("shelter_count");
  e.set_estimator_version("0.1.0");
  e.set_population(7401.6);
  e.mutable_interval()->set_lower(5921);
  e.mutable_interval()->set_upper(8882);
  e.mutable_interval()->set_basis("4 to 6 people per shelter");
  e.mutable_explanation()->set_formula("1,480 shelters × 5 = 7,400 people");
  e.mutable_explanation()->set_summary("We counted 1,480 shelters.");
  auto* input = e.mutable_explanation()->add_inputs();
  input->set_name("shelters counted");
  input->set_value("1,480");
  input->set_unit("shelters");
  e.mutable_explanation()->add_warnings("The image is old.");
  auto* component = e.mutable_explanation()->add_components();
  component->set_role("detector");
  component->set_name("bright_shelter");
  component->set_version("0.1.0");
  component->set_sha256("0123456789abcdef0123");
  r.estimates.push_back(e);

  campcount::v1::EstimateDone done;
  done.mutable_features()->set_tent_count(1480);
  done.mutable_features()->set_total_tent_area_m2(36543.2);
  done.mutable_features()->set_near_threshold_count(12);
  done.mutable_features()->set_mean_score(0.81);
  done.mutable_features()->set_score_threshold(0.5);
  done.set_detections_before_nms(1500);
  done.set_dropped_by_nms(20);
  done.set_seconds(3.21);
  done.set_detector_seconds(2.5);
  done.set_dropped_at_tile_edge(7);
  r.done = done;
  return r;
}

TEST(SummaryPrinterTest, ReadsLikeAReport) {
  std::ostringstream out;
  PrintSummary(SampleResult(), out);
  const std::string text = out.str();
  for (const char* expected : {"/data/camp.tif",
                               "2,000 × 2,000 px at 0.50 m/px",
                               "EPSG:32633",
                               "taken 2020-03-14",
                               "the whole image, 100.0 ha (1,000,000 m²)",
                               "detector bright_shelter",
                               "score threshold 0.50",
                               "16 tiles of 512 px",
                               "1,480 shelters counted",
                               "36,543 m² of shelter",
                               "1,500 boxes scored 0.50 or more",
                               "20 merged as duplicates",
                               "Population   7,402 people",
                               "5,921 – 8,882 people",

                               "4 to 6 people per",
                               "1,480 shelters × 5 = 7,400 people",
                               "shelters counted  1,480 shelters",
                               "! The image is old.",
                               "sha256 0123456789ab",
                               "7 cut by a tile edge",
                               "Done in 3.2 s (detector 2.5 s"}) {
    EXPECT_NE(text.find(expected), std::string::npos)
        << "missing \"" << expected << "\" in:\n"
        << text;
  }
}

TEST(SummaryPrinterTest, ProbabilityIntervalsSayTheirLevel) {
  EstimateResult r = SampleResult();
  r.estimates[0].mutable_interval()->set_level(0.95);
  r.estimates[0].mutable_interval()->set_basis("prediction interval");
  std::ostringstream out;
  PrintSummary(r, out);
  EXPECT_NE(out.str().find("95 % interval: prediction interval"),
            std::string::npos)
      << out.str();
}

TEST(JsonOutputTest, OneValidObjectWithEveryPart) {
  EstimateResult r = SampleResult();
  campcount::v1::Detection d;
  d.mutable_pixel_box()->set_xmax(10);
  d.set_score(0.9f);
  d.set_kept(true);
  r.detections.push_back(d);
  auto json = EstimateResultToJson(r, {{"demo", "{\n  \"seed\": 1\n}"}});
  ASSERT_TRUE(json.ok()) << json.status();
  google::protobuf::Struct parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*json, &parsed).ok())
      << *json;
  for (const char* key :
       {"demo", "started", "detections", "estimates", "done"}) {
    EXPECT_TRUE(parsed.fields().contains(key)) << key;
  }
  EXPECT_EQ(parsed.fields().at("estimates").list_value().values_size(), 1);
  EXPECT_EQ(parsed.fields()
                .at("done")
                .struct_value()
                .fields()
                .at("features")
                .struct_value()
                .fields()
                .at("tent_count")
                .string_value(),
            "1480");
  EXPECT_EQ(JsonString("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
}

TEST(PluginsCommandTest, TableShowsPluginsAndRefusals) {
  campcount::v1::ListPluginsResponse response;
  response.set_engine_version("0.1.0");
  response.set_plugin_api_version("1.0");
  auto* p = response.add_plugins();
  p->mutable_manifest()->set_kind(campcount::v1::PLUGIN_KIND_ESTIMATOR);
  p->mutable_manifest()->set_name("shelter_count");
  p->mutable_manifest()->set_version("0.1.0");
  p->set_file("/opt/plugins/libcampcount_shelter_count.so");
  p->set_sha256("abcdef0123456789");
  auto* q = response.add_plugins();
  q->mutable_manifest()->set_kind(campcount::v1::PLUGIN_KIND_SOURCE);
  q->mutable_manifest()->set_name("geotiff");
  q->set_file("/opt/plugins/libcampcount_geotiff.so");
  auto* refused = response.add_refused();
  refused->set_file("/opt/plugins/libold.so");
  refused->set_reason("plugin API 0.9, engine 1.0");
  std::ostringstream out;
  PrintPlugins(response, out);
  const std::string text = out.str();
  EXPECT_NE(text.find("KIND"), std::string::npos);
  EXPECT_NE(text.find("abcdef012345"), std::string::npos) << text;
  EXPECT_LT(text.find("geotiff"), text.find("shelter_count")) << text;
  EXPECT_NE(text.find("Loaded from /opt/plugins"), std::string::npos) << text;
  EXPECT_NE(text.find("/opt/plugins/libold.so"), std::string::npos) << text;
  EXPECT_NE(text.find("plugin API 0.9, engine 1.0"), std::string::npos);
}

}  // namespace
}  // namespace campcount::cli
