#include "contrast_stretch.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gdal_errors.h"

namespace campcount::plugins {
namespace {

// Start offsets of `count` spots of `size` spread evenly over [0, extent).
std::vector<int64_t> SpotStarts(int64_t extent, int count, int size) {
  if (extent <= int64_t(count) * size) return {0};  // read it all
  std::vector<int64_t> starts;
  const double step = double(extent - size) / (count - 1);
  for (int i = 0; i < count; ++i) starts.push_back(int64_t(i * step));
  return starts;
}

double Percentile(std::vector<float>& values, double percent) {
  const size_t k =
      size_t(std::floor(percent / 100.0 * double(values.size() - 1)));
  std::nth_element(values.begin(), values.begin() + k, values.end());
  return values[k];
}

}  // namespace

absl::StatusOr<StretchStats> ComputeStretch(
    GDALDataset& dataset, const std::vector<int>& bands, bool masked,
    const campcount::v1::PixelWindow& area, double low_percent,
    double high_percent, absl::string_view uri) {
  const int n = static_cast<int>(bands.size());
  const std::vector<int64_t> xs =
      SpotStarts(area.width(), kStretchSpots, kStretchSpotPx);
  const std::vector<int64_t> ys =
      SpotStarts(area.height(), kStretchSpots, kStretchSpotPx);
  const int64_t spot_w =
      xs.size() == 1 ? area.width() : int64_t{kStretchSpotPx};
  const int64_t spot_h =
      ys.size() == 1 ? area.height() : int64_t{kStretchSpotPx};
  std::vector<std::vector<float>> values(n);
  std::vector<float> pixels(size_t(spot_w * spot_h) * n);
  std::vector<uint8_t> mask(size_t(spot_w * spot_h), 255);
  GdalErrorCapture errors;
  for (int64_t y0 : ys) {
    for (int64_t x0 : xs) {
      const int x = int(area.x() + x0), y = int(area.y() + y0);
      if (dataset.RasterIO(GF_Read, x, y, int(spot_w), int(spot_h),
                           pixels.data(), int(spot_w), int(spot_h), GDT_Float32,
                           n, const_cast<int*>(bands.data()), GSpacing{4} * n,
                           GSpacing{4} * n * spot_w, 4, nullptr) != CE_None ||
          (masked && dataset.GetRasterBand(bands.front())
                             ->GetMaskBand()
                             ->RasterIO(GF_Read, x, y, int(spot_w), int(spot_h),
                                        mask.data(), int(spot_w), int(spot_h),
                                        GDT_Byte, 0, 0, nullptr) != CE_None)) {
        return absl::InternalError(
            absl::StrCat("image '", uri,
                         "': could not sample pixels for "
                         "the contrast stretch: ",
                         errors.Messages()));
      }
      for (size_t p = 0; p < mask.size(); ++p) {
        if (mask[p] == 0) continue;  // nodata stays out of the statistics
        for (int b = 0; b < n; ++b) values[b].push_back(pixels[p * n + b]);
      }
    }
  }
  StretchStats stats;
  stats.samples = static_cast<int64_t>(values.front().size());
  if (stats.samples == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "image '", uri,
        "': the clipped area holds no valid pixels (all nodata), so there is "
        "nothing to stretch or detect"));
  }
  for (int b = 0; b < n; ++b) {
    BandStretch band;
    band.low = Percentile(values[b], low_percent);
    band.high = Percentile(values[b], high_percent);
    stats.bands.push_back(band);
  }
  return stats;
}

void ApplyStretch(const std::vector<BandStretch>& stretch, const float* in,
                  size_t pixels, uint8_t* out) {
  const size_t n = stretch.size();
  std::vector<float> offset(n), scale(n);
  for (size_t b = 0; b < n; ++b) {
    const double range = stretch[b].high - stretch[b].low;
    // A flat band (every sample equal) has nothing to stretch: keep it.
    offset[b] = range > 0 ? float(stretch[b].low) : 0.f;
    scale[b] = range > 0 ? float(255.0 / range) : 1.f;
  }
  for (size_t p = 0; p < pixels; ++p) {
    for (size_t b = 0; b < n; ++b) {
      float v = (in[p * n + b] - offset[b]) * scale[b];
      v = v > 0 ? (v < 255 ? v : 255) : 0;  // NaN -> 0 as well
      out[p * n + b] = uint8_t(v + 0.5f);
    }
  }
}

}  // namespace campcount::plugins
