// End to end through the real server on loopback: real plugin .so files, a
// real GeoTIFF read through GDAL, tents counted against the generator's truth.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <thread>

#include "camp_server_suite.h"
#include "test_camp.h"
#include "test_server.h"

namespace campcount::testing {
namespace {

// bright_shelter is the classical baseline; on the demo camp it must count
// within this share of the true number of tents.
constexpr double kCountTolerance = 0.15;

class EstimateIntegrationTest : public CampServerSuite {
 protected:
  static void SetUpTestSuite() {
    synth::DemoCampOptions options;
    options.width_px = 1800;
    options.height_px = 1400;
    options.gsd_m = 0.5;
    options.tent_count = 160;
    options.seed = 11;
    StartSuite(options);
  }

  campcount::v1::EstimateRequest Request() const {
    campcount::v1::EstimateRequest request;
    request.set_image_uri(truth_->path);
    request.set_camp_id("TEST_S001");
    return request;
  }
};

TEST_F(EstimateIntegrationTest, StreamsStartedProgressEstimateDoneInOrder) {
  EstimateOutcome outcome = RunEstimate(*server_->stub, Request());
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  ASSERT_GE(outcome.events.size(), 4u);
  EXPECT_TRUE(outcome.events.front().has_started());
  EXPECT_TRUE(outcome.events.back().has_done());

  const auto* started = outcome.started();
  ASSERT_NE(started, nullptr);
  EXPECT_EQ(started->scene().width(), options_.width_px);
  EXPECT_EQ(started->scene().epsg(), 32633);
  EXPECT_NEAR(started->scene().gsd_m(), 0.5, 1e-9);
  EXPECT_EQ(started->scene().acquisition_date(), options_.acquisition_date);
  EXPECT_GT(started->tile_count(), 1);
  // Overlap at least the largest tent (bright_shelter: 12 m at 0.5 m/px).
  EXPECT_GE(started->tile_overlap_px(), 24);
  EXPECT_FLOAT_EQ(started->score_threshold(), 0.5f);

  int64_t last_done = 0;
  for (const auto& event : outcome.events) {
    if (!event.has_progress()) continue;
    EXPECT_GT(event.progress().tiles_done(), last_done);
    last_done = event.progress().tiles_done();
  }
  EXPECT_EQ(last_done, started->tile_count());

  const auto* done = outcome.done();
  ASSERT_NE(done, nullptr);
  const int64_t truth = static_cast<int64_t>(truth_->tents.size());
  const int64_t counted = done->features().tent_count();
  EXPECT_NEAR(counted, truth, kCountTolerance * truth)
      << "counted " << counted << " of " << truth << " tents";
  EXPECT_GT(done->features().total_tent_area_m2(), 0);
  EXPECT_GT(done->detector_seconds(), 0);

  auto estimates = outcome.estimates();
  ASSERT_EQ(estimates.size(), 1u);
  const auto& estimate = estimates[0];
  EXPECT_EQ(estimate.estimator(), "shelter_count");
  EXPECT_DOUBLE_EQ(estimate.population(), 5.0 * counted);
  EXPECT_DOUBLE_EQ(estimate.interval().lower(), 4.0 * counted);
  EXPECT_DOUBLE_EQ(estimate.interval().upper(), 6.0 * counted);
  EXPECT_FALSE(estimate.explanation().formula().empty());
  std::set<std::string> roles;
  for (const auto& component : estimate.explanation().components()) {
    if (component.sha256().size() == 64) roles.insert(component.role());
  }
  EXPECT_EQ(roles, (std::set<std::string>{"source", "detector", "estimator"}));
}

TEST_F(EstimateIntegrationTest, ATentOnATileBorderCountsOnce) {
  campcount::v1::EstimateRequest request = Request();
  request.set_include_detections(true);
  EstimateOutcome outcome = RunEstimate(*server_->stub, request);
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  const auto detections = outcome.detections();
  std::vector<campcount::v1::Detection> kept;
  for (const auto& d : detections) {
    if (d.kept()) kept.push_back(d);
  }
  ASSERT_EQ(static_cast<int64_t>(kept.size()),
            outcome.done()->features().tent_count());
  // Every true tent is matched by at most one kept box.
  int matched_twice = 0;
  for (const auto& tent : truth_->tents) {
    int matches = 0;
    for (const auto& d : kept) {
      const double cx = (d.pixel_box().xmin() + d.pixel_box().xmax()) / 2;
      const double cy = (d.pixel_box().ymin() + d.pixel_box().ymax()) / 2;
      matches += cx >= tent.xmin && cx < tent.xmax && cy >= tent.ymin &&
                 cy < tent.ymax;
    }
    matched_twice += matches > 1;
  }
  EXPECT_EQ(matched_twice, 0);
  // Map boxes are in the scene's CRS: UTM metres near the image origin.
  for (const auto& d : kept) {
    EXPECT_GE(d.map_box().xmin(), options_.origin_x);
    EXPECT_LE(d.map_box().ymax(), options_.origin_y);
    EXPECT_NEAR(d.map_box().xmax() - d.map_box().xmin(),
                (d.pixel_box().xmax() - d.pixel_box().xmin()) * 0.5, 1e-6);
  }
}

TEST_F(EstimateIntegrationTest, BoundaryKeepsOnlyTentsInsideTheCamp) {
  // The left 60 % of the image as the camp.
  const double xmax = 0.6 * options_.width_px;
  auto geojson =
      synth::BoundaryGeoJson(options_, 0, 0, xmax, double(options_.height_px));
  ASSERT_TRUE(geojson.ok()) << geojson.status();
  campcount::v1::EstimateRequest request = Request();
  request.set_boundary_geojson(*geojson);
  EstimateOutcome outcome = RunEstimate(*server_->stub, request);
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();

  const int inside =
      synth::CountTentsInside(*truth_, {{0, 0},
                                        {xmax, 0},
                                        {xmax, double(options_.height_px)},
                                        {0, double(options_.height_px)}});
  const auto* done = outcome.done();
  ASSERT_NE(done, nullptr);
  EXPECT_NEAR(done->features().tent_count(), inside, kCountTolerance * inside);
  EXPECT_LT(done->features().tent_count(), truth_->tents.size());
  EXPECT_NEAR(done->features().camp_area_m2(), xmax * options_.height_px * 0.25,
              0.01 * xmax * options_.height_px);
}

TEST_F(EstimateIntegrationTest, ConcurrentRequestsAgree) {
  std::vector<EstimateOutcome> outcomes(3);
  std::vector<std::thread> threads;
  for (auto& outcome : outcomes) {
    threads.emplace_back(
        [&] { outcome = RunEstimate(*server_->stub, Request()); });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& outcome : outcomes) {
    ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
    EXPECT_EQ(outcome.done()->features().tent_count(),
              outcomes[0].done()->features().tent_count());
  }
}

TEST_F(EstimateIntegrationTest, HigherThresholdNeverCountsMore) {
  campcount::v1::EstimateRequest request = Request();
  request.set_score_threshold(0.9f);
  EstimateOutcome strict = RunEstimate(*server_->stub, request);
  request.set_score_threshold(0.1f);
  EstimateOutcome lenient = RunEstimate(*server_->stub, request);
  ASSERT_TRUE(strict.status.ok() && lenient.status.ok());
  EXPECT_LE(strict.done()->features().tent_count(),
            lenient.done()->features().tent_count());
  EXPECT_FLOAT_EQ(strict.done()->features().score_threshold(), 0.9f);
}

}  // namespace
}  // namespace campcount::testing
