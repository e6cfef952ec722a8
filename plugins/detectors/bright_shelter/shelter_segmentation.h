// The classical baseline for light-coloured tents on darker ground: stretch,
// threshold, clean up, keep the blobs that are shelter-sized and
// rectangular.
#ifndef CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_SHELTER_SEGMENTATION_H_
#define CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_SHELTER_SEGMENTATION_H_

#include <cstdint>
#include <vector>

#include "opencv2/core.hpp"

namespace campcount::plugins {

struct BrightShelterParams {
  // Footprints outside this range are not shelters (latrines, buildings).
  double min_area_m2 = 6;
  double max_area_m2 = 80;
  // Blob area / area of its minimum rotated rectangle.
  double min_rectangularity = 0.6;
  // Long side / short side of that rectangle; tracks and fences are long.
  double max_elongation = 2.5;
  // A shelter pixel is at least this much (fraction of the stretched 0-255
  // range) brighter than the ground around it. Floor under Otsu's threshold.
  double min_contrast = 0.3;
  // Window over which the ground's brightness is taken (metres); several
  // times the largest shelter, so shelters do not raise it.
  double background_window_m = 30;
  // Percentiles of the tile's brightness mapped to 0 and 255.
  double stretch_low_percentile = 2;
  double stretch_high_percentile = 98;
  // The stretch never spreads fewer grey levels than this over 0-255, so
  // the noise of a flat or dark tile is not amplified into shelters.
  double min_stretch_range = 64;
  // Side of the opening that removes specks and thin bridges; 0 or 1: none.
  int open_kernel_px = 3;
};

// A bright blob that passed the size and shape tests.
struct ShelterCandidate {
  // Axis-aligned bounding box in tile pixels; xmax/ymax exclusive.
  int xmin = 0, ymin = 0, xmax = 0, ymax = 0;
  double area_m2 = 0;
  double rectangularity = 0;
  // Mean stretched brightness inside minus around the blob, in 0..1.
  double contrast = 0;
  // rectangularity * min(1, contrast / 0.4): a crisp rectangle that stands
  // out clearly scores near 1; a faint or ragged blob scores low.
  double score = 0;
};

// Images FindBrightShelters keeps from one tile to the next, so that a
// stream of tiles does not allocate (and fault in) fresh megabytes each
// time; that cost more than the detection itself. One caller at a time.
struct SegmentationScratch {
  cv::Mat whiteness, stretched, reduced, background, excess, bright, ground,
      inside;
  std::vector<std::vector<cv::Point>> contours;
};

// Finds shelters in one RGB tile (pixel-interleaved, width * height * 3
// bytes) whose pixels are `gsd_m` metres on the ground. Depends only on its
// inputs; `scratch` is working memory, so give each thread its own.
std::vector<ShelterCandidate> FindBrightShelters(
    const uint8_t* rgb, int width, int height, double gsd_m,
    const BrightShelterParams& params, SegmentationScratch& scratch);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_SHELTER_SEGMENTATION_H_
