#include "student_t.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

namespace campcount::stats {
namespace {

// Reference quantiles from testdata/make_reference.py (mpmath at 40 digits).
TEST(StudentTQuantile, MatchesIndependentReference) {
  std::ifstream in(CAMPCOUNT_STATS_TESTDATA "/reference.txt");
  ASSERT_TRUE(in) << "cannot open the reference file";
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string tag;
    fields >> tag;
    if (tag != "tq") continue;
    double p = 0, df = 0, expected = 0;
    fields >> p >> df >> expected;
    const double got = StudentTQuantile(p, df);
    EXPECT_NEAR(got, expected, 1e-10 * std::fabs(expected))
        << "p=" << p << " df=" << df;
    EXPECT_NEAR(StudentTCdf(got, df), p, 1e-12);
    EXPECT_NEAR(StudentTQuantile(1 - p, df), -expected,
                1e-10 * std::fabs(expected));
    ++checked;
  }
  EXPECT_EQ(checked, 45);
}

TEST(StudentTQuantile, TextbookValues) {
  EXPECT_NEAR(StudentTQuantile(0.975, 1), 12.706204736174707, 1e-9);
  EXPECT_NEAR(StudentTQuantile(0.975, 10), 2.2281388519649385, 1e-9);
  // Large df tends to the normal quantile.
  EXPECT_NEAR(StudentTQuantile(0.975, 1e7), 1.959963984540054, 1e-6);
  EXPECT_EQ(StudentTQuantile(0.5, 7), 0);
}

TEST(StudentTQuantile, OutsideTheDomainIsNaN) {
  EXPECT_TRUE(std::isnan(StudentTQuantile(0, 5)));
  EXPECT_TRUE(std::isnan(StudentTQuantile(1, 5)));
  EXPECT_TRUE(std::isnan(StudentTQuantile(0.9, 0)));
  EXPECT_TRUE(std::isnan(StudentTCdf(1, -1)));
}

TEST(RegularizedIncompleteBeta, KnownClosedForms) {
  // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 - (1 - x)^b.
  EXPECT_NEAR(RegularizedIncompleteBeta(1, 1, 0.3), 0.3, 1e-15);
  EXPECT_NEAR(RegularizedIncompleteBeta(2.5, 1, 0.4), std::pow(0.4, 2.5),
              1e-14);
  EXPECT_NEAR(RegularizedIncompleteBeta(1, 3, 0.2), 1 - std::pow(0.8, 3),
              1e-14);
  EXPECT_EQ(RegularizedIncompleteBeta(2, 3, 0), 0);
  EXPECT_EQ(RegularizedIncompleteBeta(2, 3, 1), 1);
}

}  // namespace
}  // namespace campcount::stats
