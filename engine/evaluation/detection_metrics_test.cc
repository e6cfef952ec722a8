#include "detection_metrics.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace campcount::evaluation {
namespace {

TEST(AveragePrecisionTest, HandComputedVocAllPoint) {
  // Ranked: 0.9 TP, 0.8 FP, 0.7 TP, 0.6 FP; 3 truths (one never found).
  // recall    1/3 1/3 2/3 2/3, precision 1 1/2 2/3 1/2; made monotone from
  // the right: 1 2/3 2/3 1/2. AP = 1/3*1 + 1/3*2/3 = 5/9.
  // Given out of order: the function ranks by score itself.
  const std::vector<RankedDetection> d = {
      {0.7f, true}, {0.9f, true}, {0.6f, false}, {0.8f, false}};
  EXPECT_NEAR(AveragePrecision(d, 3), 5.0 / 9.0, 1e-12);
}

TEST(AveragePrecisionTest, FalsePositiveFirstHalvesIt) {
  // 0.9 FP, 0.8 TP, one truth: recall reaches 1 at precision 1/2.
  EXPECT_NEAR(AveragePrecision({{0.9f, false}, {0.8f, true}}, 1), 0.5, 1e-12);
}

TEST(AveragePrecisionTest, PerfectRankingIsOne) {
  EXPECT_NEAR(AveragePrecision({{0.9f, true}, {0.8f, true}, {0.1f, false}}, 2),
              1.0, 1e-12);
}

TEST(AveragePrecisionTest, EdgeCases) {
  EXPECT_EQ(AveragePrecision({}, 4), 0.0);
  EXPECT_EQ(AveragePrecision({{0.9f, false}}, 4), 0.0);
  EXPECT_TRUE(std::isnan(AveragePrecision({{0.9f, false}}, 0)));
}

TEST(SummarizeTest, PoolsImagesAndCountsAtTheThreshold) {
  // Image 1: 0.9 TP, 0.4 TP, 0.6 FP; 3 truths. Image 2: 0.95 FP; 1 truth.
  ImageOutcome a{{{0.9f, true}, {0.4f, true}, {0.6f, false}}, 3};
  ImageOutcome b{{{0.95f, false}}, 1};
  const DetectionSummary s = Summarize({&a, &b}, 0.5f);
  EXPECT_EQ(s.truths, 4);
  EXPECT_EQ(s.true_positives, 1);
  EXPECT_EQ(s.false_positives, 2);
  EXPECT_EQ(s.misses, 3);
  EXPECT_NEAR(s.precision, 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(s.recall, 0.25, 1e-12);
  // 2PR/(P+R) = (1/6)/(7/12) = 2/7.
  EXPECT_NEAR(s.f1, 2.0 / 7.0, 1e-12);
  // Pooled ranking 0.95 FP, 0.9 TP, 0.6 FP, 0.4 TP over 4 truths:
  // recall 0, 1/4, 1/4, 1/2; monotone precision 1/2 up to recall 1/2.
  // AP = 1/4*1/2 + 1/4*1/2 = 1/4.
  EXPECT_NEAR(s.average_precision, 0.25, 1e-12);

  // A lower threshold lets the 0.4 detection count.
  const DetectionSummary low = Summarize({&a, &b}, 0.3f);
  EXPECT_EQ(low.true_positives, 2);
  EXPECT_EQ(low.misses, 2);
  EXPECT_EQ(low.average_precision, s.average_precision);
}

TEST(SummarizeTest, UndefinedRatiosAreNaNNotZero) {
  ImageOutcome empty{{}, 0};
  const DetectionSummary s = Summarize({&empty}, 0.5f);
  EXPECT_TRUE(std::isnan(s.precision));
  EXPECT_TRUE(std::isnan(s.recall));
  EXPECT_TRUE(std::isnan(s.f1));
  EXPECT_TRUE(std::isnan(s.average_precision));

  // Truths but every detection wrong: precision and recall are 0, F1 0.
  ImageOutcome wrong{{{0.9f, false}}, 2};
  const DetectionSummary w = Summarize({&wrong}, 0.5f);
  EXPECT_EQ(w.precision, 0.0);
  EXPECT_EQ(w.recall, 0.0);
  EXPECT_EQ(w.f1, 0.0);
}

TEST(SummarizeTest, TruePositivesPlusMissesIsTheTruth) {
  ImageOutcome a{{{0.9f, true}, {0.8f, true}, {0.2f, true}, {0.7f, false}}, 5};
  for (float t : {0.0f, 0.5f, 0.85f, 1.0f}) {
    const DetectionSummary s = Summarize({&a}, t);
    EXPECT_EQ(s.true_positives + s.misses, 5) << "threshold " << t;
  }
}

TEST(FoundSentenceTest, TheFieldCaseNumbers) {
  DetectionSummary s;
  s.true_positives = 36687;
  s.truths = 46395;
  s.false_positives = 12431;
  EXPECT_EQ(FoundSentence(s),
            "found 36,687 of 46,395 tents, 12,431 false positives");
  s.true_positives = 0;
  s.truths = 1;
  s.false_positives = 1;
  EXPECT_EQ(FoundSentence(s), "found 0 of 1 tents, 1 false positive");
}

TEST(OutcomeOfTest, CarriesScoresAndMatches) {
  const std::vector<ScoredBox> d = {{core::Box{0, 0, 10, 10}, 0.7f},
                                    {core::Box{50, 50, 60, 60}, 0.6f}};
  const ImageMatch m = MatchDetections(d, {core::Box{0, 0, 10, 10}});
  const ImageOutcome o = OutcomeOf(d, m);
  ASSERT_EQ(o.detections.size(), 2u);
  EXPECT_TRUE(o.detections[0].true_positive);
  EXPECT_FALSE(o.detections[1].true_positive);
  EXPECT_EQ(o.detections[1].score, 0.6f);
  EXPECT_EQ(o.truth_count, 1);
}

}  // namespace
}  // namespace campcount::evaluation
