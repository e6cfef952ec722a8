#include "viewer_overlay.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "opencv2/imgproc.hpp"

namespace campcount::synth {
namespace {

constexpr int kMarginPx = 14;

// A small RGB picture with its own alpha, drawn in local pixels and then
// composited at an image position: whichever window renders it, the pixels
// are the same.
struct Sprite {
  cv::Mat rgb;    // CV_8UC3
  cv::Mat alpha;  // CV_8UC1, 0..255
  Sprite(int w, int h)
      : rgb(h, w, CV_8UC3, cv::Scalar(0, 0, 0)),
        alpha(h, w, CV_8UC1, cv::Scalar(0)) {}
};

void FillRoundedRect(cv::Mat& img, cv::Rect r, int radius,
                     const cv::Scalar& colour) {
  radius = std::min({radius, r.width / 2, r.height / 2});
  cv::rectangle(img,
                cv::Rect(r.x + radius, r.y, r.width - 2 * radius, r.height),
                colour, cv::FILLED, cv::LINE_8);
  cv::rectangle(img,
                cv::Rect(r.x, r.y + radius, r.width, r.height - 2 * radius),
                colour, cv::FILLED, cv::LINE_8);
  for (const cv::Point c :
       {cv::Point(r.x + radius, r.y + radius),
        cv::Point(r.x + r.width - 1 - radius, r.y + radius),
        cv::Point(r.x + radius, r.y + r.height - 1 - radius),
        cv::Point(r.x + r.width - 1 - radius, r.y + r.height - 1 - radius)}) {
    cv::circle(img, c, radius, colour, cv::FILLED, cv::LINE_AA);
  }
}

// A rounded panel with a soft drop shadow: the body of every button.
Sprite Panel(int w, int h, int radius, const cv::Scalar& body, int body_alpha) {
  Sprite s(w + 3, h + 3);
  FillRoundedRect(s.alpha, cv::Rect(3, 3, w, h), radius, cv::Scalar(80));
  FillRoundedRect(s.alpha, cv::Rect(0, 0, w, h), radius,
                  cv::Scalar(body_alpha));
  FillRoundedRect(s.rgb, cv::Rect(0, 0, w, h), radius, body);
  return s;
}

void Composite(const Sprite& s, int64_t ix, int64_t iy, Canvas& canvas) {
  const int64_t cx = ix - canvas.x0, cy = iy - canvas.y0;
  const int x0 = static_cast<int>(std::max<int64_t>(0, cx));
  const int y0 = static_cast<int>(std::max<int64_t>(0, cy));
  const int x1 =
      static_cast<int>(std::min<int64_t>(canvas.rgb.cols, cx + s.rgb.cols));
  const int y1 =
      static_cast<int>(std::min<int64_t>(canvas.rgb.rows, cy + s.rgb.rows));
  for (int r = y0; r < y1; ++r) {
    const int sr = static_cast<int>(r - cy);
    const uint8_t* a = s.alpha.ptr<uint8_t>(sr);
    const uint8_t* src = s.rgb.ptr<uint8_t>(sr);
    uint8_t* dst = canvas.rgb.ptr<uint8_t>(r);
    for (int c = x0; c < x1; ++c) {
      const int sc = static_cast<int>(c - cx);
      const int al = a[sc];
      if (al == 0) continue;
      for (int k = 0; k < 3; ++k) {
        dst[3 * c + k] = static_cast<uint8_t>(
            (src[3 * sc + k] * al + dst[3 * c + k] * (255 - al) + 127) / 255);
      }
    }
  }
}

void ZoomButtons(int64_t x, int64_t y, Canvas& canvas) {
  constexpr int kSize = 36, kGap = 6;
  const cv::Scalar ink(70, 70, 70);
  for (int i = 0; i < 3; ++i) {
    Sprite b = Panel(kSize, kSize, 5, cv::Scalar(244, 244, 244), 235);
    const int m = kSize / 2;
    if (i < 2) cv::line(b.rgb, {10, m}, {kSize - 11, m}, ink, 3);
    if (i == 0) cv::line(b.rgb, {m, 10}, {m, kSize - 11}, ink, 3);
    if (i == 2) {  // "layers": two stacked diamonds
      for (int d : {-4, 3}) {
        const cv::Point pts[4] = {
            {m, m - 7 + d}, {m + 10, m + d}, {m, m + 7 + d}, {m - 10, m + d}};
        cv::polylines(b.rgb, std::vector<cv::Point>(pts, pts + 4), true, ink, 2,
                      cv::LINE_AA);
      }
    }
    Composite(b, x, y + i * (kSize + kGap), canvas);
  }
}

void SearchBox(int64_t x, int64_t y, Canvas& canvas) {
  Sprite box = Panel(230, 36, 6, cv::Scalar(250, 250, 250), 240);
  cv::putText(box.rgb, "Search places", {12, 24}, cv::FONT_HERSHEY_SIMPLEX, 0.5,
              cv::Scalar(120, 120, 120), 1, cv::LINE_AA);
  cv::circle(box.rgb, {206, 16}, 7, cv::Scalar(90, 90, 90), 2, cv::LINE_AA);
  cv::line(box.rgb, {211, 21}, {218, 28}, cv::Scalar(90, 90, 90), 2,
           cv::LINE_AA);
  Composite(box, x, y, canvas);
  // A compass rose under it.
  Sprite compass(44, 44);
  cv::circle(compass.alpha, {21, 21}, 20, cv::Scalar(235), cv::FILLED,
             cv::LINE_AA);
  cv::circle(compass.rgb, {21, 21}, 20, cv::Scalar(245, 245, 245), cv::FILLED,
             cv::LINE_AA);
  const cv::Point north[3] = {{21, 5}, {27, 21}, {15, 21}};
  const cv::Point south[3] = {{21, 37}, {27, 21}, {15, 21}};
  cv::fillConvexPoly(compass.rgb, north, 3, cv::Scalar(200, 40, 40),
                     cv::LINE_AA);
  cv::fillConvexPoly(compass.rgb, south, 3, cv::Scalar(140, 140, 140),
                     cv::LINE_AA);
  Composite(compass, x + 230 - 44, y + 48, canvas);
}

void ScaleBar(int64_t x, int64_t y, double gsd, Canvas& canvas) {
  // A round number of metres near 100 px.
  const double metres = 100 * gsd;
  const double nice = metres >= 50 ? 50 : (metres >= 20 ? 20 : 10);
  const int px = static_cast<int>(std::lround(nice / gsd));
  Sprite bar = Panel(px + 60, 24, 3, cv::Scalar(255, 255, 255), 170);
  cv::line(bar.rgb, {6, 17}, {6 + px, 17}, cv::Scalar(20, 20, 20), 2);
  cv::line(bar.rgb, {6, 11}, {6, 17}, cv::Scalar(20, 20, 20), 2);
  cv::line(bar.rgb, {6 + px, 11}, {6 + px, 17}, cv::Scalar(20, 20, 20), 2);
  cv::putText(bar.rgb, absl::StrCat(static_cast<int>(nice), " m"),
              {px + 12, 17}, cv::FONT_HERSHEY_SIMPLEX, 0.45,
              cv::Scalar(20, 20, 20), 1, cv::LINE_AA);
  Composite(bar, x, y, canvas);
  Sprite logo(120, 28);
  cv::putText(logo.alpha, "SatView", {2, 22}, cv::FONT_HERSHEY_DUPLEX, 0.8,
              cv::Scalar(230), 2, cv::LINE_AA);
  logo.rgb.setTo(cv::Scalar(250, 250, 250));
  Composite(logo, x, y - 36, canvas);
}

void Credits(int64_t x, int64_t y, const std::string& year, Canvas& canvas) {
  Sprite box = Panel(280, 22, 2, cv::Scalar(30, 30, 30), 130);
  cv::putText(box.rgb, absl::StrCat("Imagery (c)", year, " SatView | Terms"),
              {8, 15}, cv::FONT_HERSHEY_SIMPLEX, 0.42,
              cv::Scalar(235, 235, 235), 1, cv::LINE_AA);
  Composite(box, x, y, canvas);
}

void Watermark(int64_t x, int64_t y, const std::string& year, Canvas& canvas) {
  Sprite text(300, 40);
  cv::putText(text.alpha, absl::StrCat("(c) SatView ", year), {4, 30},
              cv::FONT_HERSHEY_DUPLEX, 1.0, cv::Scalar(110), 2, cv::LINE_AA);
  text.rgb.setTo(cv::Scalar(255, 255, 255));
  Composite(text, x, y, canvas);
}

}  // namespace

std::vector<Box> OverlayCorners(int width_px, int height_px) {
  const double w = kOverlayCornerWidthPx, h = kOverlayCornerHeightPx;
  return {{0, 0, w, h},
          {width_px - w, 0, static_cast<double>(width_px), h},
          {0, height_px - h, w, static_cast<double>(height_px)},
          {width_px - w, height_px - h, static_cast<double>(width_px),
           static_cast<double>(height_px)}};
}

void DrawViewerOverlays(const ImagingConditions& c, int width_px, int height_px,
                        Canvas& canvas) {
  const Box extent{static_cast<double>(canvas.x0),
                   static_cast<double>(canvas.y0),
                   static_cast<double>(canvas.x0 + canvas.rgb.cols),
                   static_cast<double>(canvas.y0 + canvas.rgb.rows)};
  const std::vector<Box> corners = OverlayCorners(width_px, height_px);
  bool any = false;
  for (const Box& b : corners) any = any || b.Intersects(extent);
  if (!any) return;
  const std::string year = c.date.substr(0, 4);
  const int64_t w = width_px, h = height_px;
  if (c.overlay_corners & 1) ZoomButtons(kMarginPx, kMarginPx, canvas);
  if (c.overlay_corners & 2) SearchBox(w - kMarginPx - 230, kMarginPx, canvas);
  if (c.overlay_corners & 4) {
    ScaleBar(kMarginPx, h - kMarginPx - 26, canvas.gsd, canvas);
  }
  if (c.overlay_corners & 8) {
    Credits(w - kMarginPx - 283, h - kMarginPx - 25, year, canvas);
  }
  if (c.watermark) {
    Watermark((c.overlay_corners & 8) ? w - 300 - kMarginPx : w - 300,
              h - kOverlayCornerHeightPx + 10, year, canvas);
  }
}

}  // namespace campcount::synth
