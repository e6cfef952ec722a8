// The evaluation drawn over the image: true positives green, false
// positives orange, missed tents red; what a camp manager looks at to judge
// whether the detector can be trusted on this imagery.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_OVERLAY_IMAGE_H_
#define CAMPCOUNT_ENGINE_EVALUATION_OVERLAY_IMAGE_H_

#include <string>

#include "absl/status/status.h"
#include "image_evaluation.h"

namespace campcount::evaluation {

struct OverlayOptions {
  float threshold = 0.5f;
  // Images larger than this on their longer side are drawn downscaled, so
  // the PNG stays viewable and its memory bounded.
  int max_side_px = 4096;
};

// Reads image.image_path with GDAL (RGB bands, or a grey band repeated),
// draws the boxes, adds a 30 px legend strip below and writes a PNG to
// `png_path` (complete or not at all).
absl::Status WriteOverlayPng(const ImageEvaluation& image,
                             const std::string& png_path,
                             const OverlayOptions& options);

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_OVERLAY_IMAGE_H_
