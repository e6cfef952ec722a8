#include "passed_block_rows.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace campcount::plugins {
namespace {

constexpr int kWidth = 512, kHeight = 2048, kBands = 3, kBlock = 64;

uint8_t PixelValue(int x, int y, int band) {
  return static_cast<uint8_t>((x * 7 + y * 13 + band * 31) & 0xff);
}

// A tiled, DEFLATE-compressed RGB GeoTIFF whose pixels are a known function
// of their position.
std::string WriteImage() {
  GDALAllRegister();
  const std::string path =
      (std::filesystem::temp_directory_path() / "passed_block_rows_test.tif")
          .string();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  const char* options[] = {"TILED=YES", "BLOCKXSIZE=64", "BLOCKYSIZE=64",
                           "COMPRESS=DEFLATE", nullptr};
  GDALDataset* dataset = driver->Create(path.c_str(), kWidth, kHeight, kBands,
                                        GDT_Byte, const_cast<char**>(options));
  std::vector<uint8_t> row(kWidth);
  for (int b = 1; b <= kBands; ++b) {
    for (int y = 0; y < kHeight; ++y) {
      for (int x = 0; x < kWidth; ++x) row[x] = PixelValue(x, y, b);
      EXPECT_EQ(dataset->GetRasterBand(b)->RasterIO(GF_Write, 0, y, kWidth, 1,
                                                    row.data(), kWidth, 1,
                                                    GDT_Byte, 0, 0, nullptr),
                CE_None);
    }
  }
  GDALClose(dataset);
  return path;
}

bool WindowIsRight(GDALDataset& dataset, int x0, int y0, int size) {
  std::vector<uint8_t> pixels(size_t(size) * size * kBands);
  int bands[kBands] = {1, 2, 3};
  if (dataset.RasterIO(GF_Read, x0, y0, size, size, pixels.data(), size, size,
                       GDT_Byte, kBands, bands, kBands, kBands * size, 1,
                       nullptr) != CE_None) {
    return false;
  }
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      for (int b = 0; b < kBands; ++b) {
        if (pixels[(size_t(y) * size + x) * kBands + b] !=
            PixelValue(x0 + x, y0 + y, b + 1)) {
          return false;
        }
      }
    }
  }
  return true;
}

// Reads the image in 128 px tiles overlapping by 16, row by row as the
// engine does, checking every tile's pixels; drops passed rows with
// `passed` when given. Returns GDAL's block cache at its fullest, above
// what it held before.
int64_t ReadRowByRow(GDALDataset& dataset, PassedBlockRows* passed) {
  const int64_t cache_before = GDALGetCacheUsed64();
  int64_t most_cached = 0;
  for (int y = 0; y + 128 <= kHeight; y += 112) {
    for (int x = 0; x + 128 <= kWidth; x += 112) {
      EXPECT_TRUE(WindowIsRight(dataset, x, y, 128)) << x << "," << y;
      if (passed != nullptr) passed->DropAbove(dataset, y);
      most_cached =
          std::max<int64_t>(most_cached, GDALGetCacheUsed64() - cache_before);
    }
  }
  return most_cached;
}

constexpr int64_t kBlockRowBytes =
    int64_t{kWidth / kBlock} * kBands * kBlock * kBlock;

TEST(PassedBlockRowsTest, KeepsOnlyTheRowsAheadInGdalsCacheAndPixelsRight) {
  const std::string path = WriteImage();
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  ASSERT_NE(dataset, nullptr);
  PassedBlockRows passed;
  // A tile row touches at most 4 block rows (128 px from any offset, 64 px
  // blocks, plus the one above the overlap); the image has 32.
  EXPECT_LE(ReadRowByRow(*dataset, &passed), 4 * kBlockRowBytes);
  // Going back up is slower (blocks are decoded again), never wrong.
  EXPECT_TRUE(WindowIsRight(*dataset, 100, 20, 128));
  dataset.reset();
  std::filesystem::remove(path);
}

TEST(PassedBlockRowsTest, WithoutItGdalKeepsTheWholeImage) {
  // The control: the bound above is this class's doing, not GDAL's.
  const std::string path = WriteImage();
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  ASSERT_NE(dataset, nullptr);
  EXPECT_GT(ReadRowByRow(*dataset, nullptr), 16 * kBlockRowBytes);
  dataset.reset();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace campcount::plugins
