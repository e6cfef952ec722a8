// Issue 5 end to end on the real server with the real plugins: calibrate on
// a small dataset of synthetic camps, estimate with the artifact (and a
// shadow challenger and the census), compare pipelines with
// leave-one-camp-out, and supply needs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "demo_camp.h"
#include "test_server.h"

namespace campcount {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr int kCamps = 6;
const char* kImageDates[] = {"2019-01-10", "2019-04-10"};
const char* kSurveyDates[] = {"2019-02-01", "2019-03-01", "2019-04-01",
                              "2019-05-01", "2019-06-01"};

// Six camps, two images each (the camp grows 20 % between them), monthly
// census: about 5.2 people per tent of the latest image, one stale repeat.
class EstimatorsIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(::testing::TempDir() + "/estimators_it");
    fs::remove_all(*dir_);
    fs::create_directories(*dir_ + "/camps");
    std::mt19937 rng(5);
    std::normal_distribution<double> noise(0, 15);
    std::string camps_json;
    std::ofstream census(*dir_ + "/census.csv");
    census << "site_id,site_name,state,lga,ward,latitude,longitude,"
              "survey_round,survey_date,households,individuals,"
              "pct_no_shelter,pct_tents,pct_makeshift\n";
    for (int c = 0; c < kCamps; ++c) {
      const std::string id = absl::StrFormat("IT_S%03d", c + 1);
      int tents[2];
      std::string images_json;
      for (int i = 0; i < 2; ++i) {
        tents[i] = static_cast<int>((30 + 20 * c) * (i == 0 ? 1.0 : 1.2));
        synth::DemoCampOptions options;
        options.width_px = 800;
        options.height_px = 800;
        options.tent_count = tents[i];
        options.seed = 100 + c * 2 + i;
        options.acquisition_date = kImageDates[i];
        const std::string path =
            absl::StrCat(*dir_, "/camps/", id, "_", i, ".tif");
        auto truth = synth::WriteDemoCamp(path, options);
        ASSERT_TRUE(truth.ok()) << truth.status();
        absl::StrAppend(&images_json, i ? "," : "",
                        absl::StrFormat(R"({"id": "%s_%d", "path": "%s",
            "date": "%s", "gsd_m": 0.5, "epsg": 32633, "width_px": 800,
            "height_px": 800})",
                                        id, i, path, kImageDates[i]));
      }
      absl::StrAppend(&camps_json, c ? "," : "",
                      absl::StrFormat(R"({"id": "%s", "name": "Camp %d",
          "images": [%s]})",
                                      id, c + 1, images_json));
      int64_t previous = -1;
      for (int s = 0; s < 5; ++s) {
        const int latest = s < 2 ? tents[0] : tents[1];
        int64_t people = std::llround(5.2 * latest + noise(rng));
        if (people == previous) ++people;         // only the one below repeats
        if (c == 0 && s == 3) people = previous;  // a stale repeat
        previous = people;
        census << absl::StrFormat(
            "%s,Camp %d,Borno,Maiduguri,Gwange,11.8,13.1,%d,%s,%d,%d,8.0,"
            "85.0,7.0\n",
            id, c + 1, 20 + s, kSurveyDates[s], people / 5, people);
      }
    }
    std::ofstream(*dir_ + "/dataset.json") << absl::StrFormat(
        R"({"format": "campcount-dataset/1", "census_csv": "census.csv",
            "camps": [%s]})",
        camps_json);
  }

  void SetUp() override {
    auto config = testing::TestConfig();
    config.set_model_repository(*dir_ + "/models");
    server_ = testing::StartServer(config);
    ASSERT_NE(server_.stub, nullptr);
  }

  campcount::v1::CalibrateResult Calibrate(const std::string& estimator,
                                           int* progress_events) {
    grpc::ClientContext context;
    campcount::v1::CalibrateRequest request;
    request.set_dataset(*dir_ + "/dataset.json");
    request.set_estimator(estimator);
    auto reader = server_.stub->Calibrate(&context, request);
    campcount::v1::CalibrateEvent event;
    campcount::v1::CalibrateResult result;
    while (reader->Read(&event)) {
      if (event.has_progress()) ++*progress_events;
      if (event.has_result()) result = event.result();
    }
    const grpc::Status status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return result;
  }

  static std::string* dir_;
  testing::TestServer server_;
};
std::string* EstimatorsIntegrationTest::dir_ = nullptr;

TEST_F(EstimatorsIntegrationTest, CalibrateEstimateCompareAndNeeds) {
  // 1. Calibration writes a versioned artifact; the second estimator
  //    reuses the detections of the first.
  int progress = 0;
  const auto area = Calibrate("area_linear", &progress);
  EXPECT_GT(progress, 0);
  EXPECT_EQ(area.artifact().version(), "1");
  EXPECT_TRUE(fs::exists(area.path())) << area.path();
  EXPECT_THAT(area.path(), HasSubstr("models/calibration/area_linear/1/"
                                     "calibration.json"));
  EXPECT_EQ(area.artifact().fit().n(), kCamps * 5 - 1);  // one stale left out
  EXPECT_EQ(area.artifact().surveys_excluded_stale(), 1);
  EXPECT_EQ(area.artifact().fit().camps(), kCamps);
  EXPECT_EQ(area.images_detected(), kCamps * 2);
  EXPECT_GT(area.artifact().fit().r_squared(), 0.9);
  EXPECT_EQ(area.artifact().detector(), "bright_shelter");
  EXPECT_EQ(area.artifact().sha256().size(), 64u);
  EXPECT_EQ(area.artifact().dataset_sha256().size(), 64u);
  const auto timed = Calibrate("time_adjusted", &progress);
  EXPECT_EQ(timed.images_detected(), 0) << "detections were not shared";
  // intercept and the tent area projected along each camp's own trend
  EXPECT_EQ(timed.artifact().fit().coefficients_size(), 2);
  EXPECT_EQ(Calibrate("area_linear", &progress).artifact().version(), "2");

  // 2. An estimate names the latest artifact, carries the challenger beside
  //    the answer and compares with the census.
  {
    campcount::v1::EstimateRequest request;
    request.set_image_uri(*dir_ + "/camps/IT_S003_1.tif");
    request.set_camp_id("IT_S003");
    request.add_estimators("area_linear");
    request.set_challenger("time_adjusted");
    request.set_census_uri(*dir_ + "/census.csv");
    request.set_target_date("2019-05-01");
    auto outcome = testing::RunEstimate(*server_.stub, request);
    ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
    const auto estimates = outcome.estimates();
    ASSERT_EQ(estimates.size(), 1u);
    const auto& e = estimates[0];
    EXPECT_EQ(e.estimator(), "area_linear");
    EXPECT_GT(e.interval().upper(), e.population());
    bool named = false;
    for (const auto& c : e.explanation().components()) {
      if (c.role() == "calibration") {
        named = true;
        EXPECT_THAT(c.name(), HasSubstr("calibration/area_linear/2/"));
        EXPECT_EQ(c.version(), "2");
        EXPECT_EQ(c.sha256().size(), 64u);
      }
    }
    EXPECT_TRUE(named);
    EXPECT_THAT(e.explanation().assumptions(0), HasSubstr("n = 29 surveys"));
    ASSERT_NE(outcome.done(), nullptr);
    EXPECT_EQ(outcome.done()->challenger().estimator(), "time_adjusted");
    // The census of the target date (5.2 per tent) sits inside.
    const double census = 5.2 * int((30 + 40) * 1.2);
    EXPECT_NEAR(e.population(), census, 0.2 * census);

    // The record keeps the challenger beside the answer, not among it.
    grpc::ClientContext context;
    campcount::v1::GetEstimateRequest get;
    get.set_id(outcome.done()->record_id());
    campcount::v1::EstimateRecord record;
    ASSERT_TRUE(server_.stub->GetEstimate(&context, get, &record).ok());
    ASSERT_EQ(record.estimates_size(), 1);
    EXPECT_EQ(record.estimates(0).estimator(), "area_linear");
    EXPECT_EQ(record.challenger().estimator(), "time_adjusted");
    EXPECT_EQ(record.challenger().population(),
              outcome.done()->challenger().population());
  }

  // 2b. An estimate for a date from the dataset: the record says which image
  //     was picked, and its file.
  {
    campcount::v1::EstimateRequest request;
    request.set_dataset(*dir_ + "/dataset.json");
    request.set_camp_id("IT_S003");
    request.set_target_date("2019-05-01");
    request.add_estimators("time_adjusted");
    auto outcome = testing::RunEstimate(*server_.stub, request);
    ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
    ASSERT_NE(outcome.done(), nullptr);
    // The camp's previous image was detected too: the camp grew 20 %.
    const auto& features = outcome.done()->features();
    EXPECT_EQ(features.previous_image_date(), "2019-01-10");
    EXPECT_GT(features.previous_total_tent_area_m2(), 0);
    EXPECT_NEAR(
        features.total_tent_area_m2() / features.previous_total_tent_area_m2(),
        1.2, 0.1);
    const auto estimates = outcome.estimates();
    ASSERT_EQ(estimates.size(), 1u);
    bool projected = false;
    for (const auto& input : estimates[0].explanation().inputs()) {
      projected = projected || input.name() == "projected tent area";
    }
    EXPECT_TRUE(projected) << "time_adjusted did not use the camp's trend";
    grpc::ClientContext context;
    campcount::v1::GetEstimateRequest get;
    get.set_id(outcome.done()->record_id());
    campcount::v1::EstimateRecord record;
    ASSERT_TRUE(server_.stub->GetEstimate(&context, get, &record).ok());
    EXPECT_EQ(record.selected_image_id(), "IT_S003_1");
    EXPECT_THAT(record.image_uri(), HasSubstr("IT_S003_1.tif"));
    EXPECT_EQ(record.days_image_to_target(), 21);  // 2019-04-10 -> 05-01
  }

  // 3. Comparison: leave-one-camp-out, files written.
  {
    grpc::ClientContext context;
    campcount::v1::CompareRequest request;
    request.set_dataset(*dir_ + "/dataset.json");
    request.add_pipelines("bright_shelter:area_linear");
    request.add_pipelines("bright_shelter:time_adjusted");
    request.add_pipelines("bright_shelter:census_trend");
    request.set_output_dir(*dir_ + "/comparison");
    auto reader = server_.stub->Compare(&context, request);
    campcount::v1::CompareEvent event;
    campcount::v1::CompareResult result;
    while (reader->Read(&event)) {
      if (event.has_result()) result = event.result();
    }
    const grpc::Status status = reader->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(result.pipelines_size(), 3);
    EXPECT_EQ(result.images_detected(), 0);  // all from the cache
    // census_trend cannot answer a camp's first survey (nothing earlier),
    // so every pipeline is judged on the other 23.
    EXPECT_EQ(result.pipelines(0).overall().n(), kCamps * 5 - 1 - kCamps);
    EXPECT_EQ(result.pipelines(2).overall().n(), kCamps * 5 - 1 - kCamps);
    EXPECT_THAT(absl::StrJoin(result.notes(), "\n"),
                HasSubstr("census_trend could not answer 6 survey(s)"));
    EXPECT_THAT(result.pipelines(0).evaluation(),
                HasSubstr("leave-one-camp-out: 6 fits"));
    EXPECT_THAT(result.pipelines(2).evaluation(), HasSubstr("no fitting"));
    EXPECT_EQ(result.paired_size(), 3);
    EXPECT_EQ(result.paired(0).camps(), kCamps);
    EXPECT_TRUE(fs::exists(result.csv_path()));
    EXPECT_TRUE(fs::exists(result.plot_path()));
    EXPECT_GT(fs::file_size(result.plot_path()), 1000u);
    EXPECT_LT(result.pipelines(0).overall().mape(), 25);
  }

  // 4. Supply needs from the census of a camp.
  {
    grpc::ClientContext context;
    campcount::v1::SupplyNeedsRequest request;
    request.mutable_census()->set_census_uri(*dir_ + "/census.csv");
    request.mutable_census()->set_site_id("IT_S002");
    campcount::v1::SupplyNeedsResponse response;
    const grpc::Status status =
        server_.stub->SupplyNeeds(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_THAT(response.standards_file(), HasSubstr("sphere.json"));
    ASSERT_EQ(response.periods_size(), 4);
    const double people = response.periods(0).population().value();
    EXPECT_DOUBLE_EQ(response.periods(0).lines(0).per_day().value(),
                     people * 15);
  }
}

TEST_F(EstimatorsIntegrationTest, BadRequestsAreClearErrors) {
  {
    grpc::ClientContext context;
    campcount::v1::CalibrateRequest request;
    request.set_dataset(*dir_ + "/no-such/dataset.json");
    request.set_estimator("area_linear");
    auto reader = server_.stub->Calibrate(&context, request);
    campcount::v1::CalibrateEvent event;
    while (reader->Read(&event)) {
    }
    const grpc::Status status = reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_THAT(status.error_message(), HasSubstr("no-such"));
  }
  {
    grpc::ClientContext context;
    campcount::v1::CalibrateRequest request;
    request.set_dataset(*dir_ + "/dataset.json");
    request.set_estimator("shelter_count");
    auto reader = server_.stub->Calibrate(&context, request);
    campcount::v1::CalibrateEvent event;
    while (reader->Read(&event)) {
    }
    const grpc::Status status = reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_THAT(status.error_message(),
                HasSubstr("shelter_count is not fitted on census counts"));
  }
  {
    grpc::ClientContext context;
    campcount::v1::CompareRequest request;
    request.set_dataset(*dir_ + "/dataset.json");
    request.add_pipelines("bright_shelter:area_linear");
    auto reader = server_.stub->Compare(&context, request);
    campcount::v1::CompareEvent event;
    while (reader->Read(&event)) {
    }
    const grpc::Status status = reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("two or more pipelines"));
  }
  {
    grpc::ClientContext context;
    campcount::v1::SupplyNeedsRequest request;
    request.mutable_estimate()->set_population(1000);
    request.set_standards("/no/such/standards.json");
    campcount::v1::SupplyNeedsResponse response;
    const grpc::Status status =
        server_.stub->SupplyNeeds(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_THAT(status.error_message(), HasSubstr("/no/such/standards.json"));
  }
  {
    grpc::ClientContext context;
    campcount::v1::ReadCensusRequest request;
    request.set_uri(*dir_ + "/dataset.json");  // not a census
    campcount::v1::ReadCensusResponse response;
    const grpc::Status status =
        server_.stub->ReadCensus(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("missing column(s)"));
  }
}

}  // namespace
}  // namespace campcount
