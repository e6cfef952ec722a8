// A window of a synthetic image being drawn: where it sits in the image and
// how plan metres map to OpenCV's fixed-point pixel coordinates.
#ifndef CAMPCOUNT_ENGINE_SYNTH_CANVAS_H_
#define CAMPCOUNT_ENGINE_SYNTH_CANVAS_H_

#include <cmath>
#include <cstdint>

#include "opencv2/core.hpp"
#include "scene_objects.h"

namespace campcount::synth {

// Sub-pixel bits for OpenCV drawing (1/16 px).
inline constexpr int kDrawShift = 4;

struct Canvas {
  // Image pixel of the canvas's top-left pixel, and metres per pixel.
  int64_t x0 = 0, y0 = 0;
  double gsd = 0.5;
  // RGB, 8 bits per channel.
  cv::Mat rgb;

  // OpenCV puts integer coordinates at pixel centres, the plan at pixel
  // edges: hence the half-pixel shift. Rounding in image coordinates before
  // subtracting the origin keeps a shape's pixels identical in every window.
  cv::Point P(double x_m, double y_m) const {
    constexpr double kScale = 1 << kDrawShift;
    return cv::Point(static_cast<int>(std::llround((x_m / gsd - 0.5) * kScale) -
                                      x0 * (1 << kDrawShift)),
                     static_cast<int>(std::llround((y_m / gsd - 0.5) * kScale) -
                                      y0 * (1 << kDrawShift)));
  }
  cv::Point P(const Point2& p) const { return P(p.x, p.y); }
  int Radius(double r_m) const {
    return static_cast<int>(std::llround(r_m / gsd * (1 << kDrawShift)));
  }
  // The canvas's extent in plan metres.
  Box Extent() const {
    return {x0 * gsd, y0 * gsd, (x0 + rgb.cols) * gsd, (y0 + rgb.rows) * gsd};
  }
};

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_CANVAS_H_
