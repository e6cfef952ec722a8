#include "tiling.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace campcount::core {
namespace {

// Start offsets along one axis of length `length`.
std::vector<int64_t> Starts(int64_t origin, int64_t length, int64_t tile,
                            int64_t stride) {
  std::vector<int64_t> starts;
  if (length <= tile) return {origin};
  for (int64_t offset = 0;; offset += stride) {
    if (offset + tile >= length) {
      starts.push_back(origin + length - tile);
      break;
    }
    starts.push_back(origin + offset);
  }
  return starts;
}

}  // namespace

absl::StatusOr<std::vector<Window>> MakeTiles(const Window& area,
                                              int64_t image_width,
                                              int64_t image_height,
                                              const TilingOptions& options) {
  if (options.tile_size <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("tile size must be positive, got ", options.tile_size));
  }
  if (options.overlap < 0 || options.overlap * 2 >= options.tile_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("tile overlap must be in [0, tile size / 2), got ",
                     options.overlap, " for tiles of ", options.tile_size));
  }
  const int64_t x0 = std::max<int64_t>(area.x, 0);
  const int64_t y0 = std::max<int64_t>(area.y, 0);
  const int64_t x1 = std::min(area.x + area.width, image_width);
  const int64_t y1 = std::min(area.y + area.height, image_height);
  if (x1 <= x0 || y1 <= y0) {
    return absl::OutOfRangeError(absl::StrCat(
        "area (", area.x, ",", area.y, " ", area.width, "x", area.height,
        ") does not overlap the image (", image_width, "x", image_height, ")"));
  }
  const int64_t stride = options.tile_size - options.overlap;
  const int64_t tile_w = std::min(options.tile_size, x1 - x0);
  const int64_t tile_h = std::min(options.tile_size, y1 - y0);
  std::vector<Window> tiles;
  for (int64_t y : Starts(y0, y1 - y0, options.tile_size, stride)) {
    for (int64_t x : Starts(x0, x1 - x0, options.tile_size, stride)) {
      tiles.push_back(Window{x, y, tile_w, tile_h});
    }
  }
  return tiles;
}

}  // namespace campcount::core
