#include "shelter_segmentation.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>

#include "opencv2/core.hpp"
#include "opencv2/imgproc.hpp"

namespace campcount::plugins {
namespace {

using Histogram = std::array<int64_t, 256>;

// Blobs standing out from the ground around them by this much (a fraction
// of the stretched range) get the full contrast factor of the score. Tents
// measure 0.4 and more; bright patches of bare ground mostly under 0.2.
constexpr double kFullContrast = 0.4;

// Smallest level at or below which `percent` of the pixels lie.
int Percentile(const Histogram& histogram, int64_t total, double percent) {
  const double wanted = total * std::clamp(percent, 0.0, 100.0) / 100.0;
  int64_t seen = 0;
  for (int level = 0; level < 256; ++level) {
    seen += histogram[level];
    if (seen >= wanted && seen > 0) return level;
  }
  return 255;
}

// Otsu's threshold: the level that best splits the histogram in two
// (pixels above it are foreground).
int Otsu(const Histogram& histogram, int64_t total) {
  double sum_all = 0;
  for (int level = 0; level < 256; ++level) {
    sum_all += double(level) * double(histogram[level]);
  }
  double sum_below = 0, best_variance = -1;
  int64_t below = 0;
  int best = 0;
  for (int level = 0; level < 256; ++level) {
    below += histogram[level];
    if (below == 0) continue;
    const int64_t above = total - below;
    if (above == 0) break;
    sum_below += double(level) * double(histogram[level]);
    const double mean_below = sum_below / double(below);
    const double mean_above = (sum_all - sum_below) / double(above);
    const double variance = double(below) * double(above) *
                            (mean_below - mean_above) *
                            (mean_below - mean_above);
    if (variance > best_variance) {
      best_variance = variance;
      best = level;
    }
  }
  return best;
}

// How white a pixel is: the darkest of its three channels. High only for
// light, unsaturated surfaces (tents, tarpaulins), low for red laterite
// soil, green trees and shadows.
void Whiteness(const uint8_t* rgb, int width, int height, cv::Mat& whiteness,
               Histogram* histogram) {
  whiteness.create(height, width, CV_8U);
  histogram->fill(0);
  for (int y = 0; y < height; ++y) {
    const uint8_t* in = rgb + size_t(y) * width * 3;
    uint8_t* out = whiteness.ptr<uint8_t>(y);
    for (int x = 0; x < width; ++x, in += 3) {
      out[x] = std::min({in[0], in[1], in[2]});
    }
    for (int x = 0; x < width; ++x) ++(*histogram)[out[x]];
  }
}

// The ground's brightness around each pixel: the median over a window of
// `window_px`, which ignores shelters as long as they cover less than half
// of it. Taken on a reduced image, so it costs little whatever the window.
void LocalBackground(const cv::Mat& image, double window_px, cv::Mat& reduced,
                     cv::Mat& background) {
  constexpr int kKernel = 7;  // Median kernel on the reduced image.
  const double factor = std::max(1.0, window_px / kKernel);
  const cv::Size reduced_size(std::max(1, cvRound(image.cols / factor)),
                              std::max(1, cvRound(image.rows / factor)));
  cv::resize(image, reduced, reduced_size, 0, 0, cv::INTER_AREA);
  cv::medianBlur(reduced, reduced, kKernel);
  cv::resize(reduced, background, image.size(), 0, 0, cv::INTER_LINEAR);
}

}  // namespace

std::vector<ShelterCandidate> FindBrightShelters(
    const uint8_t* rgb, int width, int height, double gsd_m,
    const BrightShelterParams& params, SegmentationScratch& scratch) {
  std::vector<ShelterCandidate> shelters;
  if (width <= 0 || height <= 0 || !(gsd_m > 0)) return shelters;
  const int64_t total = int64_t{width} * height;
  Histogram histogram;
  cv::Mat& whiteness = scratch.whiteness;
  Whiteness(rgb, width, height, whiteness, &histogram);

  // Per-tile percentile stretch, so haze and exposure matter less.
  const int low = Percentile(histogram, total, params.stretch_low_percentile);
  const int high = Percentile(histogram, total, params.stretch_high_percentile);
  const double range =
      std::max<double>({double(high - low), params.min_stretch_range, 1.0});
  cv::Mat lut(1, 256, CV_8U);
  for (int level = 0; level < 256; ++level) {
    lut.at<uint8_t>(level) =
        cv::saturate_cast<uint8_t>(std::round((level - low) * 255.0 / range));
  }
  cv::Mat& stretched = scratch.stretched;
  cv::LUT(whiteness, lut, stretched);

  // Brightness above the local ground, so that light patches of bare soil
  // (which vary slowly) do not join up with the shelters next to them.
  LocalBackground(stretched, params.background_window_m / gsd_m,
                  scratch.reduced, scratch.background);
  cv::Mat& excess = scratch.excess;
  cv::subtract(stretched, scratch.background, excess);  // Saturates at 0.
  Histogram excess_histogram{};
  for (int y = 0; y < height; ++y) {
    const uint8_t* row = excess.ptr<uint8_t>(y);
    for (int x = 0; x < width; ++x) ++excess_histogram[row[x]];
  }
  // Otsu separates shelters from ground when both are present; the floor
  // keeps it from splitting plain ground in two when a tile has few or no
  // shelters.
  const double threshold = std::max<double>(Otsu(excess_histogram, total),
                                            params.min_contrast * 255.0);
  if (threshold >= 255) return shelters;
  cv::Mat& bright = scratch.bright;
  cv::threshold(excess, bright, threshold, 255, cv::THRESH_BINARY);
  if (params.open_kernel_px > 1) {
    cv::morphologyEx(bright, bright, cv::MORPH_OPEN,
                     cv::getStructuringElement(
                         cv::MORPH_ELLIPSE, cv::Size(params.open_kernel_px,
                                                     params.open_kernel_px)));
  }

  std::vector<std::vector<cv::Point>>& contours = scratch.contours;
  cv::findContours(bright, contours, cv::RETR_EXTERNAL,
                   cv::CHAIN_APPROX_SIMPLE);
  const double pixel_area_m2 = gsd_m * gsd_m;
  const cv::Rect tile(0, 0, width, height);
  cv::Mat& inside = scratch.inside;
  cv::Mat& ground = scratch.ground;
  for (size_t index = 0; index < contours.size(); ++index) {
    const std::vector<cv::Point>& contour = contours[index];
    const cv::Rect box = cv::boundingRect(contour);
    // Cheap rejections first: a blob is never larger than its box.
    if (box.area() * pixel_area_m2 < params.min_area_m2) continue;
    const double polygon_area = cv::contourArea(contour);
    if (polygon_area * pixel_area_m2 > params.max_area_m2 * 2) continue;
    const cv::Size2f sides = cv::minAreaRect(contour).size;
    const double rectangle_area = sides.area();
    if (!(rectangle_area > 0)) continue;
    // Tents are squarish; long thin bright strips are tracks and fences.
    const double elongation =
        std::max(sides.width, sides.height) /
        std::max(1.0f, std::min(sides.width, sides.height));
    if (elongation > params.max_elongation) continue;
    const double rectangularity = std::min(1.0, polygon_area / rectangle_area);
    if (rectangularity < params.min_rectangularity) continue;

    // Count pixels rather than use the contour's polygon area, which runs
    // through boundary pixel centres and misses ~a pixel's width all round.
    inside.create(box.size(), CV_8U);
    inside.setTo(0);
    cv::drawContours(inside, contours, int(index), cv::Scalar(255), cv::FILLED,
                     cv::LINE_8, cv::noArray(), INT_MAX, -box.tl());
    const double area_m2 = cv::countNonZero(inside) * pixel_area_m2;
    if (area_m2 < params.min_area_m2 || area_m2 > params.max_area_m2) {
      continue;
    }

    // Contrast with the ground right around the blob: its dark (non-bright)
    // pixels within half the blob's size, shadow included.
    const int margin = std::max(3, std::min(box.width, box.height) / 2);
    const cv::Rect around =
        cv::Rect(box.x - margin, box.y - margin, box.width + 2 * margin,
                 box.height + 2 * margin) &
        tile;
    const double inside_mean = cv::mean(stretched(box), inside)[0];
    cv::bitwise_not(bright(around), ground);
    const double ground_mean = cv::countNonZero(ground) > 0
                                   ? cv::mean(stretched(around), ground)[0]
                                   : inside_mean;
    const double contrast =
        std::clamp((inside_mean - ground_mean) / 255.0, 0.0, 1.0);

    ShelterCandidate shelter;
    shelter.xmin = box.x;
    shelter.ymin = box.y;
    shelter.xmax = box.x + box.width;
    shelter.ymax = box.y + box.height;
    shelter.area_m2 = area_m2;
    shelter.rectangularity = rectangularity;
    shelter.contrast = contrast;
    shelter.score = rectangularity * std::min(1.0, contrast / kFullContrast);
    shelters.push_back(shelter);
  }
  return shelters;
}

}  // namespace campcount::plugins
