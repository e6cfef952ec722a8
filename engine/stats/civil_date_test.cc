#include "civil_date.h"

#include <gtest/gtest.h>

namespace campcount::stats {
namespace {

TEST(ParseIsoDate, AcceptsRealDatesOnly) {
  ASSERT_TRUE(ParseIsoDate("2019-04-02").has_value());
  EXPECT_EQ(FormatIsoDate(*ParseIsoDate("2020-02-29")), "2020-02-29");
  EXPECT_FALSE(ParseIsoDate("2019-02-29").has_value());
  EXPECT_FALSE(ParseIsoDate("2019-13-01").has_value());
  EXPECT_FALSE(ParseIsoDate("2019-04-31").has_value());
  EXPECT_FALSE(ParseIsoDate("02/04/2019").has_value());
  EXPECT_FALSE(ParseIsoDate("2019-4-2").has_value());
  EXPECT_FALSE(ParseIsoDate("+019-04-02").has_value());
  EXPECT_FALSE(ParseIsoDate("").has_value());
}

}  // namespace
}  // namespace campcount::stats
