// The synthetic source through the real server on loopback: the engine
// loads libcampcount_synthetic.so from the build tree, opens a synthetic
// camp by URI, reads its tiles (rendered on demand) and counts them with the
// real bright_shelter detector.
#include <gtest/gtest.h>

#include <string>

#include "camp_plan.h"
#include "camp_spec.h"
#include "test_server.h"

namespace campcount::testing {
namespace {

class SyntheticSourceIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(StartServer()); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static TestServer* server_;
};
TestServer* SyntheticSourceIntegrationTest::server_ = nullptr;

TEST_F(SyntheticSourceIntegrationTest, EstimatesASyntheticCampByUri) {
  ASSERT_NE(server_->stub, nullptr);
  campcount::v1::EstimateRequest request;
  request.set_image_uri("synthetic:seed=5&camp=2&date=1&boundary=camp");
  request.set_source("synthetic");
  request.set_camp_id("AD_S002");
  const EstimateOutcome outcome = RunEstimate(*server_->stub, request);
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  const synth::CampSpec spec = *synth::MakeCampSpec(5, 1, 3);
  const synth::CampPlan plan = *synth::PlanCamp(spec);
  const auto* started = outcome.started();
  ASSERT_NE(started, nullptr);
  EXPECT_EQ(started->source(), "synthetic");
  EXPECT_EQ(started->scene().width(), spec.width_px);
  EXPECT_EQ(started->scene().acquisition_date(), spec.images[1].date);
  // The camp's own boundary clipped the area of interest.
  EXPECT_EQ(started->scene().boundary_size(), 1);
  EXPECT_GE(started->tile_count(), 1);
  const auto* done = outcome.done();
  ASSERT_NE(done, nullptr);
  // The detector saw the rendered tents: some, and not absurdly many.
  int tents = 0;
  for (const synth::Shelter& s : plan.shelters) {
    if (s.kind == synth::ShelterKind::kTent &&
        s.StandsOn(static_cast<double>(spec.images[1].day))) {
      ++tents;
    }
  }
  const int64_t counted = done->features().tent_count();
  EXPECT_GT(counted, tents / 10) << "of " << tents << " tents";
  EXPECT_LT(counted, tents * 3) << "of " << tents << " tents";
}

TEST_F(SyntheticSourceIntegrationTest, ABadUriIsAClearError) {
  ASSERT_NE(server_->stub, nullptr);
  campcount::v1::EstimateRequest request;
  request.set_image_uri("synthetic:seed=5&camp=2");
  request.set_source("synthetic");
  const EstimateOutcome outcome = RunEstimate(*server_->stub, request);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(outcome.status.error_message().find("'date' is missing"),
            std::string::npos)
      << outcome.status.error_message();
  // The engine is still up.
  request.set_image_uri("synthetic:seed=5&camp=2&date=0");
  EXPECT_TRUE(RunEstimate(*server_->stub, request).status.ok());
}

}  // namespace
}  // namespace campcount::testing
