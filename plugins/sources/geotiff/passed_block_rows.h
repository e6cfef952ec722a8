// Drops from GDAL's block cache the rows of blocks that tiles have moved
// past. The engine reads an image's tiles row by row, so once a tile starts
// below a block row no later tile needs it; without this, GDAL's LRU cache
// kept every block of the image (50 MB for a 4,096² RGB camp, up to its cap
// for larger ones) until the scene closed, so each estimate wrote its image
// into freshly allocated memory, and concurrent estimates evicted each
// other's blocks. A caller reading out of order still gets right pixels:
// dropped blocks are decoded again.
#ifndef CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_PASSED_BLOCK_ROWS_H_
#define CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_PASSED_BLOCK_ROWS_H_

#include <gdal_priv.h>

#include <cstdint>

namespace campcount::plugins {

class PassedBlockRows {
 public:
  // Drops every cached block of `dataset` (all bands) that lies wholly above
  // pixel row `y`; rows dropped by an earlier call are not visited again.
  void DropAbove(GDALDataset& dataset, int64_t y);

  // Whether a tile at row `y` would move past rows not dropped yet.
  bool Advances(int64_t y) const { return y > dropped_through_y_; }

 private:
  int64_t dropped_through_y_ = 0;  // rows above this are already dropped
};

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_PASSED_BLOCK_ROWS_H_
