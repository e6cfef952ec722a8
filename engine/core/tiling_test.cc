#include "tiling.h"

#include <gtest/gtest.h>

namespace campcount::core {
namespace {

// Every pixel of the area is in some tile, and every object up to `overlap`
// pixels wide lies whole inside at least one tile.
TEST(TilingTest, CoversAreaAndEveryObjectUpToOverlapFitsInOneTile) {
  const Window area{100, 50, 1500, 1100};
  const int64_t overlap = 40;
  auto tiles = MakeTiles(area, 2000, 2000, {512, overlap});
  ASSERT_TRUE(tiles.ok()) << tiles.status();
  for (const Window& t : *tiles) {
    EXPECT_EQ(t.width, 512);
    EXPECT_EQ(t.height, 512);
    EXPECT_GE(t.x, area.x);
    EXPECT_GE(t.y, area.y);
    EXPECT_LE(t.x + t.width, area.x + area.width);
    EXPECT_LE(t.y + t.height, area.y + area.height);
  }
  for (int64_t y = area.y; y + overlap <= area.y + area.height; y += 7) {
    for (int64_t x = area.x; x + overlap <= area.x + area.width; x += 7) {
      bool fits = false;
      for (const Window& t : *tiles) {
        fits = fits || (x >= t.x && y >= t.y && x + overlap <= t.x + t.width &&
                        y + overlap <= t.y + t.height);
      }
      ASSERT_TRUE(fits) << "object at " << x << "," << y << " fits no tile";
    }
  }
}

TEST(TilingTest, AreaSmallerThanTileGivesOneClippedTile) {
  auto tiles = MakeTiles({10, 20, 300, 200}, 1000, 1000, {512, 30});
  ASSERT_TRUE(tiles.ok());
  ASSERT_EQ(tiles->size(), 1u);
  EXPECT_EQ((*tiles)[0], (Window{10, 20, 300, 200}));
}

TEST(TilingTest, AreaIsClippedToTheImage) {
  auto tiles = MakeTiles({-50, -50, 400, 400}, 300, 200, {512, 30});
  ASSERT_TRUE(tiles.ok());
  ASSERT_EQ(tiles->size(), 1u);
  EXPECT_EQ((*tiles)[0], (Window{0, 0, 300, 200}));
}

TEST(TilingTest, CountMatchesStride) {
  // 512 tiles with 12 px overlap step 500 px: 0, 500, ..., and the last one
  // pulled back to end at the edge.
  auto tiles = MakeTiles({0, 0, 2000, 512}, 2000, 512, {512, 12});
  ASSERT_TRUE(tiles.ok());
  ASSERT_EQ(tiles->size(), 4u);
  EXPECT_EQ((*tiles)[3].x, 2000 - 512);
}

TEST(TilingTest, RefusesBadOptionsAndDisjointArea) {
  EXPECT_EQ(MakeTiles({0, 0, 10, 10}, 10, 10, {0, 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeTiles({0, 0, 10, 10}, 10, 10, {64, 32}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeTiles({500, 500, 10, 10}, 100, 100, {64, 8}).status().code(),
            absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace campcount::core
