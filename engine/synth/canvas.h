// A window of a synthetic image being drawn: where it sits in the image and
// how plan metres map to OpenCV's fixed-point pixel coordinates.
#ifndef CAMPCOUNT_ENGINE_SYNTH_CANVAS_H_
#define CAMPCOUNT_ENGINE_SYNTH_CANVAS_H_

#include <algorithm>
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
  // Draws `draw` on a canvas that holds the whole of `bounds_m`, then copies
  // the part inside this canvas back. OpenCV clips lines to the image it
  // draws on, and clipping moves their rasterisation by a pixel now and
  // then; drawing each object on its own unclipped canvas keeps every
  // window's pixels identical.
  template <typename Fn>
  void DrawUnclipped(const Box& bounds_m, Fn draw) {
    const int64_t bx0 =
        static_cast<int64_t>(std::floor(bounds_m.xmin / gsd)) - 2;
    const int64_t by0 =
        static_cast<int64_t>(std::floor(bounds_m.ymin / gsd)) - 2;
    const int64_t bx1 =
        static_cast<int64_t>(std::ceil(bounds_m.xmax / gsd)) + 2;
    const int64_t by1 =
        static_cast<int64_t>(std::ceil(bounds_m.ymax / gsd)) + 2;
    const int64_t ox0 = std::max(bx0, x0), oy0 = std::max(by0, y0);
    const int64_t ox1 = std::min<int64_t>(bx1, x0 + rgb.cols);
    const int64_t oy1 = std::min<int64_t>(by1, y0 + rgb.rows);
    if (ox0 >= ox1 || oy0 >= oy1) return;
    Canvas local;
    local.x0 = bx0;
    local.y0 = by0;
    local.gsd = gsd;
    local.rgb.create(static_cast<int>(by1 - by0), static_cast<int>(bx1 - bx0),
                     rgb.type());
    local.rgb.setTo(cv::Scalar::all(0));
    const cv::Rect here(static_cast<int>(ox0 - x0), static_cast<int>(oy0 - y0),
                        static_cast<int>(ox1 - ox0),
                        static_cast<int>(oy1 - oy0));
    const cv::Rect there(static_cast<int>(ox0 - bx0),
                         static_cast<int>(oy0 - by0), here.width, here.height);
    rgb(here).copyTo(local.rgb(there));
    draw(local);
    local.rgb(there).copyTo(rgb(here));
  }

  // The canvas's extent in plan metres.
  Box Extent() const {
    return {x0 * gsd, y0 * gsd, (x0 + rgb.cols) * gsd, (y0 + rgb.rows) * gsd};
  }
};

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_CANVAS_H_
