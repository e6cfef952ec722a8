#include "estimate_overlay.h"

#include <gdal_priv.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "absl/strings/str_cat.h"

namespace campcount::cli {
namespace {

struct DatasetCloser {
  void operator()(GDALDataset* d) const { GDALClose(d); }
};

// Stretches one band to 0-255 between its 2nd and 98th percentiles, so a
// 16-bit or hazy image is still visible.
cv::Mat StretchToBytes(std::vector<float>& pixels, int width, int height) {
  std::vector<float> sample;
  const size_t step = std::max<size_t>(1, pixels.size() / 20000);
  for (size_t i = 0; i < pixels.size(); i += step) {
    if (std::isfinite(pixels[i])) sample.push_back(pixels[i]);
  }
  float low = 0, high = 255;
  if (!sample.empty()) {
    auto at = [&](double q) {
      auto nth = sample.begin() + static_cast<long>(q * (sample.size() - 1));
      std::nth_element(sample.begin(), nth, sample.end());
      return *nth;
    };
    low = at(0.02);
    high = at(0.98);
  }
  if (!(high > low)) high = low + 1;
  cv::Mat out(height, width, CV_8UC1);
  for (int i = 0; i < width * height; ++i) {
    const float v = (pixels[i] - low) * 255.0f / (high - low);
    out.data[i] = static_cast<uint8_t>(std::clamp(v, 0.0f, 255.0f));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> RenderOverlayPng(
    const campcount::v1::EstimateRecord& record, int max_side_px) {
  const std::string uri =
      record.scene().uri().empty() ? record.image_uri() : record.scene().uri();
  GDALAllRegister();
  CPLErrorReset();
  std::unique_ptr<GDALDataset, DatasetCloser> dataset(
      GDALDataset::Open(uri.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (dataset == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("cannot draw the detections: cannot open the image ", uri,
                     ": ", CPLGetLastErrorMsg()));
  }
  const int width = dataset->GetRasterXSize();
  const int height = dataset->GetRasterYSize();
  const double scale =
      std::min(1.0, double(max_side_px) / std::max(width, height));
  const int out_w = std::max(1, int(std::lround(width * scale)));
  const int out_h = std::max(1, int(std::lround(height * scale)));

  const int bands = std::min(3, dataset->GetRasterCount());
  if (bands < 1) {
    return absl::InvalidArgumentError(absl::StrCat(uri, " has no bands"));
  }
  std::vector<cv::Mat> channels;
  GDALRasterIOExtraArg extra;
  INIT_RASTERIO_EXTRA_ARG(extra);
  extra.eResampleAlg = GRIORA_Average;
  for (int b = 1; b <= bands; ++b) {
    std::vector<float> pixels(size_t(out_w) * out_h);
    if (dataset->GetRasterBand(b)->RasterIO(
            GF_Read, 0, 0, width, height, pixels.data(), out_w, out_h,
            GDT_Float32, 0, 0, &extra) != CE_None) {
      return absl::DataLossError(absl::StrCat("cannot read band ", b, " of ",
                                              uri, ": ", CPLGetLastErrorMsg()));
    }
    channels.push_back(StretchToBytes(pixels, out_w, out_h));
  }
  while (channels.size() < 3) channels.push_back(channels.front());
  cv::Mat image;
  // Bands are R, G, B; OpenCV wants B, G, R.
  cv::merge(std::vector<cv::Mat>{channels[2], channels[1], channels[0]}, image);

  // Scene pixels -> overlay pixels (the scene may be the pre-processed
  // image, with the same size as the file the source read).
  const double sx = record.scene().width() > 0
                        ? double(out_w) / record.scene().width()
                        : scale;
  const double sy = record.scene().height() > 0
                        ? double(out_h) / record.scene().height()
                        : scale;
  const int thickness = std::max(1, int(std::lround(std::min(sx, sy) * 2)));
  for (const auto& part : record.scene().boundary()) {
    for (const auto& ring : part.rings()) {
      std::vector<cv::Point> points;
      for (int i = 0; i < std::min(ring.x_size(), ring.y_size()); ++i) {
        points.emplace_back(int(std::lround(ring.x(i) * sx)),
                            int(std::lround(ring.y(i) * sy)));
      }
      if (!points.empty()) {
        cv::polylines(image, points, true, cv::Scalar(0, 220, 255), 2,
                      cv::LINE_AA);
      }
    }
  }
  // Dropped first, so kept boxes stay on top.
  for (bool kept : {false, true}) {
    for (const auto& d : record.detections()) {
      if (d.kept() != kept) continue;
      const auto& b = d.pixel_box();
      cv::rectangle(image,
                    cv::Point(int(std::floor(b.xmin() * sx)),
                              int(std::floor(b.ymin() * sy))),
                    cv::Point(int(std::ceil(b.xmax() * sx)),
                              int(std::ceil(b.ymax() * sy))),
                    kept ? cv::Scalar(60, 220, 60) : cv::Scalar(40, 40, 230),
                    kept ? thickness : 1);
    }
  }
  std::vector<uint8_t> png;
  if (!cv::imencode(".png", image, png)) {
    return absl::InternalError("cannot encode the overlay as PNG");
  }
  return std::string(png.begin(), png.end());
}

}  // namespace campcount::cli
