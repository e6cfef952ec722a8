#include "error_metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace campcount::evaluation {
namespace {

campcount::v1::ComparisonPoint Point(double census, double estimate,
                                     double lower, double upper) {
  campcount::v1::ComparisonPoint p;
  p.set_census(census);
  p.set_estimate(estimate);
  p.set_lower(lower);
  p.set_upper(upper);
  return p;
}

TEST(Metrics, HandComputed) {
  // Errors +100, -200, +50 on censuses 1000, 2000, 500.
  const auto a = Point(1000, 1100, 900, 1300);   // inside, width 400
  const auto b = Point(2000, 1800, 1700, 1900);  // outside, width 200
  const auto c = Point(500, 550, 500, 600);      // on the edge, width 100
  const auto m = Metrics({&a, &b, &c}, 0.95);
  EXPECT_EQ(m.n(), 3);
  EXPECT_DOUBLE_EQ(m.mae(), 350.0 / 3);
  EXPECT_DOUBLE_EQ(m.mape(), (10.0 + 10.0 + 10.0) / 3);
  EXPECT_DOUBLE_EQ(m.rmse(), std::sqrt((10000.0 + 40000 + 2500) / 3));
  EXPECT_DOUBLE_EQ(m.bias(), -50.0 / 3);
  EXPECT_DOUBLE_EQ(m.coverage(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(m.mean_width(), 700.0 / 3);
}

TEST(Paired, WinsAndConfidenceInterval) {
  // Differences a - b: -10, -20, +6 -> mean -8, sd 13.1149, se 7.5719;
  // t(0.975, 2) = 4.302652729749464.
  const auto p = Paired("a", {{"x", 10}, {"y", 20}, {"z", 30}, {"only_a", 1}},
                        "b", {{"x", 20}, {"y", 40}, {"z", 24}}, 0.95);
  EXPECT_EQ(p.camps(), 3);
  EXPECT_EQ(p.a_wins(), 2);
  EXPECT_EQ(p.b_wins(), 1);
  EXPECT_DOUBLE_EQ(p.mean_difference(), -8);
  const double se = std::sqrt(((4.0 + 144 + 196) / 2) / 3);
  EXPECT_NEAR(p.lower(), -8 - 4.302652729749464 * se, 1e-9);
  EXPECT_NEAR(p.upper(), -8 + 4.302652729749464 * se, 1e-9);
}

}  // namespace
}  // namespace campcount::evaluation
