#include "detect_request_builder.h"

#include <gtest/gtest.h>

#include "campcount/v1/detection.pb.h"

namespace campcount::core {
namespace {

v1::Tile MakeTile(int64_t index, double gsd_m, const std::string& pixels) {
  v1::Tile tile;
  tile.set_index(index);
  tile.mutable_window()->set_x(512);
  tile.mutable_window()->set_width(4);
  tile.mutable_window()->set_height(2);
  tile.set_bands(3);
  tile.set_pixels(pixels);
  if (gsd_m != 0) tile.set_gsd_m(gsd_m);
  return tile;
}

TEST(DetectRequestBuilderTest, ParsesAsTheRequestTheEngineMeant) {
  DetectRequestBuilder builder;
  const std::string pixels(24, '\x7f');
  ASSERT_TRUE(
      builder.AppendTile(MakeTile(99, 0.25, pixels).SerializeAsString(), 3, 0.5)
          .ok());
  ASSERT_TRUE(
      builder.AppendTile(MakeTile(0, 0, "abc").SerializeAsString(), 4, 0.5)
          .ok());
  EXPECT_EQ(builder.tile_count(), 2);

  v1::DetectRequest request;
  ASSERT_TRUE(
      request.ParseFromString(builder.Finish(0.65f, "tent_frcnn", "2")));
  EXPECT_EQ(request.model(), "tent_frcnn");
  EXPECT_EQ(request.model_version(), "2");
  ASSERT_EQ(request.tiles_size(), 2);
  EXPECT_FLOAT_EQ(request.score_threshold(), 0.65f);
  // The engine's index replaces the source's; the source's GSD is kept.
  EXPECT_EQ(request.tiles(0).index(), 3);
  EXPECT_DOUBLE_EQ(request.tiles(0).gsd_m(), 0.25);
  EXPECT_EQ(request.tiles(0).pixels(), pixels);
  EXPECT_EQ(request.tiles(0).window().x(), 512);
  // An unset GSD falls back to the scene's.
  EXPECT_EQ(request.tiles(1).index(), 4);
  EXPECT_DOUBLE_EQ(request.tiles(1).gsd_m(), 0.5);
  EXPECT_EQ(request.tiles(1).pixels(), "abc");
  EXPECT_EQ(builder.tile_count(), 0);
}

TEST(DetectRequestBuilderTest, RefusesBytesThatAreNotATile) {
  DetectRequestBuilder builder;
  std::string truncated =
      MakeTile(1, 0.5, std::string(100, 'x')).SerializeAsString();
  truncated.resize(truncated.size() - 10);
  const absl::Status status = builder.AppendTile(truncated, 0, 0.5);
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_NE(status.message().find("unreadable Tile"), std::string::npos);
  EXPECT_EQ(builder.tile_count(), 0);
  v1::DetectRequest request;
  ASSERT_TRUE(request.ParseFromString(builder.Finish(0.5f)));
  EXPECT_EQ(request.tiles_size(), 0);
}

}  // namespace
}  // namespace campcount::core
