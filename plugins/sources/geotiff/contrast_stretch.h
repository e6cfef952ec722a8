// Per-band percentile contrast stretch: the field case stretched every image
// so that hazy, low-contrast scenes look alike to the detector. Statistics
// come from a bounded sample of the clipped area, so they cost the same on a
// 2,000 px and a 100,000 px image; nodata pixels stay out of them.
#ifndef CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_CONTRAST_STRETCH_H_
#define CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_CONTRAST_STRETCH_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "campcount/v1/geometry.pb.h"
#include "gdal_priv.h"

namespace campcount::plugins {

// Maps `low` to 0 and `high` to 255, linearly, clamped.
struct BandStretch {
  double low = 0;
  double high = 255;
};

struct StretchStats {
  std::vector<BandStretch> bands;
  // Valid (not nodata) pixels the percentiles came from.
  int64_t samples = 0;
};

// Samples up to kSpots x kSpots windows of kSpotPx pixels spread evenly over
// `area` of `dataset` (the whole area when it is small), skips pixels its
// mask marks invalid (when `masked`), and returns the per-band percentiles.
// FAILED_PRECONDITION when the area holds no valid pixel.
inline constexpr int kStretchSpots = 16;
inline constexpr int kStretchSpotPx = 64;
absl::StatusOr<StretchStats> ComputeStretch(
    GDALDataset& dataset, const std::vector<int>& bands, bool masked,
    const campcount::v1::PixelWindow& area, double low_percent,
    double high_percent, absl::string_view uri);

// Pixel-interleaved values -> 8-bit, band by band.
void ApplyStretch(const std::vector<BandStretch>& stretch, const float* in,
                  size_t pixels, uint8_t* out);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_SOURCES_GEOTIFF_CONTRAST_STRETCH_H_
