#include "iso_date.h"

#include "gtest/gtest.h"

namespace campcount::dataset {
namespace {

TEST(IsoDateTest, ParsesCalendarDates) {
  absl::StatusOr<absl::CivilDay> day = ParseIsoDate("2019-03-14");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(*day, absl::CivilDay(2019, 3, 14));
  ASSERT_TRUE(ParseIsoDate("2020-02-29").ok());  // leap year
}

TEST(IsoDateTest, RefusesWhatIsNotADate) {
  for (const char* text : {"", "2019-3-14", "2019/03/14", "14-03-2019",
                           "2019-03-14T00:00", "2019-13-01", "2019-02-29",
                           "2019-02-30", "20x9-01-01", " 2019-03-14"}) {
    absl::StatusOr<absl::CivilDay> day = ParseIsoDate(text);
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument) << text;
    if (!day.ok()) {
      EXPECT_NE(day.status().message().find(std::string("'") + text + "'"),
                std::string::npos)
          << day.status();
    }
  }
}

}  // namespace
}  // namespace campcount::dataset
