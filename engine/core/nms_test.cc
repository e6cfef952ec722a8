#include "nms.h"

#include <gtest/gtest.h>

#include <random>

namespace campcount::core {
namespace {

TEST(NmsTest, KeepsTheHigherScoringOfTwoOverlappingBoxes) {
  std::vector<Box> boxes = {{0, 0, 10, 10}, {1, 1, 11, 11}};
  auto kept = NonMaximumSuppression(boxes, {0.6f, 0.9f}, {});
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0], 1u);
}

TEST(NmsTest, ABoxCutByATileEdgeIsADuplicateOfTheWholeOne) {
  // The whole tent and the part a tile edge left of it: IoU 0.3, but the part
  // lies entirely inside the whole.
  std::vector<Box> boxes = {{100, 100, 120, 110}, {100, 100, 106, 110}};
  auto kept = NonMaximumSuppression(boxes, {0.8f, 0.9f}, {});
  ASSERT_EQ(kept.size(), 1u);
}

TEST(NmsTest, NeighbouringTentsInARowAreAllKept) {
  std::vector<Box> boxes;
  std::vector<float> scores;
  for (int i = 0; i < 50; ++i) {
    boxes.push_back({i * 12.0, 0, i * 12.0 + 10, 10});
    scores.push_back(0.5f + 0.01f * (i % 7));
  }
  EXPECT_EQ(NonMaximumSuppression(boxes, scores, {}).size(), 50u);
}

TEST(NmsTest, AgreesWithBruteForceOnRandomBoxes) {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> pos(0, 500), size(3, 25);
  std::uniform_real_distribution<float> score(0, 1);
  std::vector<Box> boxes;
  std::vector<float> scores;
  for (int i = 0; i < 600; ++i) {
    const double x = pos(random), y = pos(random);
    boxes.push_back({x, y, x + size(random), y + size(random)});
    scores.push_back(score(random));
  }
  const NmsOptions options;
  auto kept = NonMaximumSuppression(boxes, scores, options);

  std::vector<size_t> order(boxes.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  std::vector<size_t> expected;
  for (size_t i : order) {
    bool suppressed = false;
    for (size_t j : expected) {
      const double inter = IntersectionArea(boxes[i], boxes[j]);
      if (inter <= 0) continue;
      if (IntersectionOverUnion(boxes[i], boxes[j]) > options.iou_threshold ||
          inter / std::min(boxes[i].Area(), boxes[j].Area()) >
              options.containment_threshold) {
        suppressed = true;
      }
    }
    if (!suppressed) expected.push_back(i);
  }
  EXPECT_EQ(kept, expected);
}

}  // namespace
}  // namespace campcount::core
