#include "number_format.h"

#include "gtest/gtest.h"

namespace campcount::plugins {
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
}

}  // namespace
}  // namespace campcount::plugins
