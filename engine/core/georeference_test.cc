#include "georeference.h"

#include <gtest/gtest.h>

namespace campcount::core {
namespace {

TEST(GeoreferenceTest, NorthUpBoxToMap) {
  campcount::v1::GeoTransform transform;
  for (double c : {300000.0, 0.5, 0.0, 1310000.0, 0.0, -0.5}) {
    transform.add_coefficients(c);
  }
  campcount::v1::MapBox box = ToMapBox(transform, {10, 20, 30, 40});
  EXPECT_DOUBLE_EQ(box.xmin(), 300005.0);
  EXPECT_DOUBLE_EQ(box.xmax(), 300015.0);
  EXPECT_DOUBLE_EQ(box.ymin(), 1310000.0 - 20.0);
  EXPECT_DOUBLE_EQ(box.ymax(), 1310000.0 - 10.0);
}

TEST(GeoreferenceTest, DaysBetweenDates) {
  EXPECT_EQ(DaysBetween("2020-02-28", "2020-03-01"), 2);  // leap year
  EXPECT_EQ(DaysBetween("2020-03-01", "2020-02-28"), -2);
  EXPECT_EQ(DaysBetween("2019-01-01", "2020-01-01"), 365);
  EXPECT_FALSE(DaysBetween("2020-02-30", "2020-03-01").has_value());
  EXPECT_FALSE(DaysBetween("", "2020-03-01").has_value());
  EXPECT_TRUE(IsIsoDateOrEmpty(""));
  EXPECT_FALSE(IsIsoDateOrEmpty("2020-13-01"));
  EXPECT_FALSE(IsIsoDateOrEmpty("1 March 2020"));
}

}  // namespace
}  // namespace campcount::core
