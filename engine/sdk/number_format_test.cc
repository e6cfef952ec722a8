#include "campcount/number_format.h"

#include <climits>
#include <cmath>

#include "gtest/gtest.h"

namespace campcount::sdk {
namespace {

TEST(FormatNumberTest, GroupsThousands) {
  EXPECT_EQ(FormatNumber(0), "0");
  EXPECT_EQ(FormatNumber(5), "5");
  EXPECT_EQ(FormatNumber(999), "999");
  EXPECT_EQ(FormatNumber(1000), "1,000");
  EXPECT_EQ(FormatNumber(6170), "6,170");
  EXPECT_EQ(FormatNumber(1234567), "1,234,567");
  EXPECT_EQ(FormatNumber(-1234567), "-1,234,567");
}

TEST(FormatNumberTest, KeepsOnlyTheDecimalsThatMatter) {
  EXPECT_EQ(FormatNumber(4.5), "4.5");
  EXPECT_EQ(FormatNumber(4.25), "4.25");
  EXPECT_EQ(FormatNumber(1234.5), "1,234.5");
  EXPECT_EQ(FormatNumber(2.0000001), "2");
  EXPECT_EQ(FormatNumber(1234.56, 0), "1,235");
  EXPECT_EQ(FormatNumber(0.1234, 3), "0.123");
  EXPECT_EQ(FormatNumber(-0.001), "0");
  EXPECT_EQ(FormatNumber(2.5, 0), "3");  // half away from zero
}

TEST(FormatFixedTest, KeepsTheDecimalsAskedFor) {
  EXPECT_EQ(FormatFixed(12345.678, 1), "12,345.7");
  EXPECT_EQ(FormatFixed(4, 2), "4.00");
  EXPECT_EQ(FormatFixed(-0.004, 2), "0.00");
  EXPECT_EQ(FormatFixed(std::nan(""), 1), "n/a");
}

TEST(FormatCountTest, GroupsEveryInteger) {
  EXPECT_EQ(FormatCount(-1500), "-1,500");
  EXPECT_EQ(FormatCount(INT64_MIN), "-9,223,372,036,854,775,808");
}

}  // namespace
}  // namespace campcount::sdk
