#include "image_selection.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace campcount::dataset {
namespace {

using ::testing::HasSubstr;

v1::DatasetCamp Camp(std::initializer_list<const char*> dates) {
  v1::DatasetCamp camp;
  camp.set_id("AD_S001");
  for (const char* date : dates) {
    v1::DatasetImage* image = camp.add_images();
    image->set_id(std::string("AD_S001_") + date);
    image->set_date(date);
  }
  return camp;
}

TEST(SelectImageBeforeTest, PicksTheClosestImageBeforeTheDate) {
  // Listed out of order on purpose: selection goes by date, not position.
  v1::DatasetCamp camp = Camp({"2019-07-02", "2019-03-14", "2019-10-20"});
  absl::StatusOr<v1::ImageSelection> chosen =
      SelectImageBefore(camp, "2019-09-01");
  ASSERT_TRUE(chosen.ok()) << chosen.status();
  EXPECT_EQ(chosen->image().date(), "2019-07-02");
  EXPECT_EQ(chosen->image_index(), 0);
  EXPECT_EQ(chosen->gap_days(), 61);
  EXPECT_EQ(chosen->camp_id(), "AD_S001");
  EXPECT_EQ(chosen->target_date(), "2019-09-01");

  chosen = SelectImageBefore(camp, "2019-07-01");
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->image().date(), "2019-03-14");
  EXPECT_EQ(chosen->gap_days(), 109);
}

TEST(SelectImageBeforeTest, AnImageOnTheDateHasGapZero) {
  absl::StatusOr<v1::ImageSelection> chosen =
      SelectImageBefore(Camp({"2019-03-14", "2019-07-02"}), "2019-07-02");
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->image_index(), 1);
  EXPECT_EQ(chosen->gap_days(), 0);
}

TEST(SelectImageBeforeTest, NeverPicksAnImageAfterTheDate) {
  // 2019-07-03 is one day closer to the target, but after it.
  absl::StatusOr<v1::ImageSelection> chosen =
      SelectImageBefore(Camp({"2019-01-01", "2019-07-03"}), "2019-07-02");
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->image().date(), "2019-01-01");
  EXPECT_EQ(chosen->gap_days(), 182);
}

TEST(SelectImageBeforeTest, FirstListedWinsATie) {
  absl::StatusOr<v1::ImageSelection> chosen = SelectImageBefore(
      Camp({"2019-01-01", "2019-05-05", "2019-05-05"}), "2020-01-01");
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->image_index(), 1);
}

TEST(SelectImageBeforeTest, GapCrossesLeapDays) {
  absl::StatusOr<v1::ImageSelection> chosen =
      SelectImageBefore(Camp({"2019-12-31"}), "2020-12-31");
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->gap_days(), 366);
}

TEST(SelectImageBeforeTest, NotFoundWhenEveryImageIsAfterTheDate) {
  absl::StatusOr<v1::ImageSelection> chosen =
      SelectImageBefore(Camp({"2019-07-02", "2019-03-14"}), "2019-03-13");
  EXPECT_EQ(chosen.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(chosen.status().message()),
              HasSubstr("no image taken on or before 2019-03-13"));
  EXPECT_THAT(std::string(chosen.status().message()),
              HasSubstr("earliest image is from 2019-03-14"));
}

TEST(SelectImageBeforeTest, NotFoundWithoutImages) {
  EXPECT_EQ(SelectImageBefore(Camp({}), "2019-03-13").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(SelectImageBeforeTest, BadDatesAreInvalidArgument) {
  absl::StatusOr<v1::ImageSelection> chosen =
      SelectImageBefore(Camp({"2019-07-02"}), "July 2019");
  EXPECT_EQ(chosen.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(chosen.status().message()),
              HasSubstr("target date: 'July 2019'"));
  chosen = SelectImageBefore(Camp({"2019-07-02", "2019-7-9"}), "2020-01-01");
  EXPECT_EQ(chosen.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(chosen.status().message()),
              HasSubstr("images[1].date: '2019-7-9'"));
}

}  // namespace
}  // namespace campcount::dataset
