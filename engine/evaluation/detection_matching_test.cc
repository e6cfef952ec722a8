#include "detection_matching.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace campcount::evaluation {
namespace {

using ::testing::ElementsAre;

core::Box B(double xmin, double ymin, double xmax, double ymax) {
  return core::Box{xmin, ymin, xmax, ymax};
}

TEST(MatchDetectionsTest, IdenticalBoxIsATruePositive) {
  const ImageMatch m =
      MatchDetections({{B(0, 0, 10, 10), 0.9f}}, {B(0, 0, 10, 10)});
  EXPECT_THAT(m.detection_truth, ElementsAre(0));
  EXPECT_THAT(m.truth_detection, ElementsAre(0));
  EXPECT_DOUBLE_EQ(m.detection_iou[0], 1.0);
}

TEST(MatchDetectionsTest, IouOfExactlyHalfMatchesAndJustBelowDoesNot) {
  // Intersection 100, union 200: IoU 0.5.
  ImageMatch m = MatchDetections({{B(0, 0, 10, 20), 0.9f}}, {B(0, 0, 10, 10)});
  EXPECT_THAT(m.detection_truth, ElementsAre(0));
  EXPECT_DOUBLE_EQ(m.detection_iou[0], 0.5);
  // Intersection 100, union 210: IoU 0.476.
  m = MatchDetections({{B(0, 0, 10, 21), 0.9f}}, {B(0, 0, 10, 10)});
  EXPECT_THAT(m.detection_truth, ElementsAre(-1));
  EXPECT_THAT(m.truth_detection, ElementsAre(-1));
}

TEST(MatchDetectionsTest, HigherScoreWinsEvenWithTheWorseOverlap) {
  // Detection 0 (0.9) has IoU 0.6 with the truth, detection 1 (0.8) has 1.0;
  // the truth goes to the first one ranked and the other is a duplicate.
  const ImageMatch m = MatchDetections(
      {{B(0, 0, 10, 6), 0.9f}, {B(0, 0, 10, 10), 0.8f}}, {B(0, 0, 10, 10)});
  EXPECT_THAT(m.detection_truth, ElementsAre(0, -1));
  EXPECT_THAT(m.truth_detection, ElementsAre(0));
  EXPECT_NEAR(m.detection_iou[0], 0.6, 1e-12);
}

TEST(MatchDetectionsTest, ScoreOrderNotInputOrderDecides) {
  // As above with the input order reversed: same outcome.
  const ImageMatch m = MatchDetections(
      {{B(0, 0, 10, 10), 0.8f}, {B(0, 0, 10, 6), 0.9f}}, {B(0, 0, 10, 10)});
  EXPECT_THAT(m.detection_truth, ElementsAre(-1, 0));
  EXPECT_THAT(m.truth_detection, ElementsAre(1));
}

TEST(MatchDetectionsTest, EachDetectionTakesItsBestUnmatchedTruth) {
  // T0 = [0,10), T1 = [5,15). D0 (0.9) = [4,14): IoU 60/140 = 0.43 with T0,
  // 90/110 = 0.82 with T1 -> T1. D1 (0.8) = [1,11): 90/110 with T0 -> T0.
  const ImageMatch m =
      MatchDetections({{B(4, 0, 14, 10), 0.9f}, {B(1, 0, 11, 10), 0.8f}},
                      {B(0, 0, 10, 10), B(5, 0, 15, 10)});
  EXPECT_THAT(m.detection_truth, ElementsAre(1, 0));
  EXPECT_THAT(m.truth_detection, ElementsAre(1, 0));
  EXPECT_NEAR(m.detection_iou[0], 90.0 / 110.0, 1e-12);
}

TEST(MatchDetectionsTest, ATakenTruthPassesTheDetectionToTheNextOne) {
  // T0 = [0,10), T1 = [2,12). D0 (0.9) = [1,11) overlaps both by 90/110 and
  // takes the first, T0. D1 (0.8) = [0,10) would prefer T0 (IoU 1) but it
  // is taken; T1 gives 80/120 = 0.67 >= 0.5, so D1 matches T1.
  const ImageMatch m =
      MatchDetections({{B(1, 0, 11, 10), 0.9f}, {B(0, 0, 10, 10), 0.8f}},
                      {B(0, 0, 10, 10), B(2, 0, 12, 10)});
  EXPECT_THAT(m.detection_truth, ElementsAre(0, 1));
  EXPECT_NEAR(m.detection_iou[1], 80.0 / 120.0, 1e-12);
}

TEST(MatchDetectionsTest, EqualScoresKeepTheGivenOrder) {
  const ImageMatch m = MatchDetections(
      {{B(0, 0, 10, 10), 0.5f}, {B(0, 0, 10, 10), 0.5f}}, {B(0, 0, 10, 10)});
  EXPECT_THAT(m.detection_truth, ElementsAre(0, -1));
}

TEST(MatchDetectionsTest, NothingToMatch) {
  ImageMatch m = MatchDetections({}, {B(0, 0, 1, 1)});
  EXPECT_THAT(m.truth_detection, ElementsAre(-1));
  m = MatchDetections({{B(0, 0, 1, 1), 1.0f}}, {});
  EXPECT_THAT(m.detection_truth, ElementsAre(-1));
}

TEST(MatchDetectionsTest, ThresholdIsConfigurable) {
  // IoU 0.6 fails at 0.75 and passes at 0.5.
  const std::vector<ScoredBox> d = {{B(0, 0, 10, 6), 0.9f}};
  EXPECT_THAT(MatchDetections(d, {B(0, 0, 10, 10)}, 0.75).detection_truth,
              ElementsAre(-1));
  EXPECT_THAT(MatchDetections(d, {B(0, 0, 10, 10)}, 0.5).detection_truth,
              ElementsAre(0));
}

}  // namespace
}  // namespace campcount::evaluation
