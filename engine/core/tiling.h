// Cuts an area of interest into overlapping tiles for the detector.
#ifndef CAMPCOUNT_ENGINE_CORE_TILING_H_
#define CAMPCOUNT_ENGINE_CORE_TILING_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace campcount::core {

struct Window {
  int64_t x = 0;
  int64_t y = 0;
  int64_t width = 0;
  int64_t height = 0;
  bool operator==(const Window&) const = default;
};

struct TilingOptions {
  int64_t tile_size = 512;
  // Pixels shared by neighbouring tiles; at least the largest object, so that
  // every object lies whole inside at least one tile.
  int64_t overlap = 0;
};

// Tiles covering `area` (clipped to the image of `image_width` x
// `image_height`), row by row. Tiles are tile_size square except where the
// area ends; the last row/column is shifted back so it stays full-size when
// the area is large enough. Fails on a non-positive tile size, an overlap of
// half a tile or more, or an area outside the image.
absl::StatusOr<std::vector<Window>> MakeTiles(const Window& area,
                                              int64_t image_width,
                                              int64_t image_height,
                                              const TilingOptions& options);

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_TILING_H_
