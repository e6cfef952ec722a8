#include "passed_block_rows.h"

namespace campcount::plugins {

namespace {

void DropBlockRows(GDALRasterBand* band, int64_t from_y, int64_t to_y) {
  int block_width = 0, block_height = 0;
  band->GetBlockSize(&block_width, &block_height);
  if (block_width <= 0 || block_height <= 0) return;
  const int64_t blocks_across =
      (band->GetXSize() + block_width - 1) / block_width;
  // Block rows that end at or above `to_y`, not dropped before.
  for (int64_t row = from_y / block_height; row < to_y / block_height; ++row) {
    for (int64_t column = 0; column < blocks_across; ++column) {
      // Read-only blocks are never dirty: nothing to write back.
      band->FlushBlock(static_cast<int>(column), static_cast<int>(row),
                       /*bWriteDirtyBlock=*/FALSE);
    }
  }
}

}  // namespace

void PassedBlockRows::DropAbove(GDALDataset& dataset, int64_t y) {
  if (y <= dropped_through_y_) return;
  for (int b = 1; b <= dataset.GetRasterCount(); ++b) {
    GDALRasterBand* band = dataset.GetRasterBand(b);
    DropBlockRows(band, dropped_through_y_, y);
    // A mask kept in its own band (alpha, .msk) caches blocks too.
    if (band->GetMaskFlags() != GMF_ALL_VALID) {
      DropBlockRows(band->GetMaskBand(), dropped_through_y_, y);
    }
  }
  dropped_through_y_ = y;
}

}  // namespace campcount::plugins
