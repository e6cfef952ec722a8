#include "overlay_image.h"

#include <gdal_priv.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "absl/strings/str_cat.h"
#include "atomic_file.h"

namespace campcount::evaluation {
namespace {

// OpenCV colours are BGR.
const cv::Scalar kTruePositive(0, 200, 0);
const cv::Scalar kFalsePositive(0, 140, 255);
const cv::Scalar kMiss(0, 0, 255);
constexpr int kLegendHeightPx = 30;

absl::StatusOr<cv::Mat> ReadRgb(const std::string& path, int max_side_px,
                                double* scale) {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
  CPLPushErrorHandler(CPLQuietErrorHandler);
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  CPLPopErrorHandler();
  if (dataset == nullptr || dataset->GetRasterCount() < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read image '", path,
                     "' for the overlay: ", CPLGetLastErrorMsg()));
  }
  const int width = dataset->GetRasterXSize();
  const int height = dataset->GetRasterYSize();
  *scale = std::min(1.0, double(max_side_px) / std::max(width, height));
  const int out_w = std::max(1, int(std::lround(width * *scale)));
  const int out_h = std::max(1, int(std::lround(height * *scale)));
  // BGR order for OpenCV: bands 3, 2, 1 (or band 1 three times).
  const int bands = dataset->GetRasterCount();
  int band_map[3] = {3, 2, 1};
  if (bands < 3) band_map[0] = band_map[1] = band_map[2] = 1;
  cv::Mat bgr(out_h, out_w, CV_8UC3);
  GDALRasterIOExtraArg extra;
  INIT_RASTERIO_EXTRA_ARG(extra);
  extra.eResampleAlg = GRIORA_Average;
  if (dataset->RasterIO(GF_Read, 0, 0, width, height, bgr.data, out_w, out_h,
                        GDT_Byte, 3, band_map, 3, 3 * out_w, 1,
                        &extra) != CE_None) {
    return absl::DataLossError(absl::StrCat("cannot read the pixels of '", path,
                                            "': ", CPLGetLastErrorMsg()));
  }
  return bgr;
}

void Draw(cv::Mat& canvas, const core::Box& box, double scale,
          const cv::Scalar& colour, int thickness) {
  const cv::Point top_left(int(std::floor(box.xmin * scale)),
                           int(std::floor(box.ymin * scale)));
  const cv::Point bottom_right(
      std::max(top_left.x + 1, int(std::ceil(box.xmax * scale)) - 1),
      std::max(top_left.y + 1, int(std::ceil(box.ymax * scale)) - 1));
  cv::rectangle(canvas, top_left, bottom_right, colour, thickness);
}

}  // namespace

absl::Status WriteOverlayPng(const ImageEvaluation& image,
                             const std::string& png_path,
                             const OverlayOptions& options) {
  double scale = 1;
  absl::StatusOr<cv::Mat> canvas =
      ReadRgb(image.image_path, options.max_side_px, &scale);
  if (!canvas.ok()) return canvas.status();
  const int thickness = scale < 0.5 ? 1 : 2;
  for (size_t t = 0; t < image.truths.size(); ++t) {
    const int d = image.match.truth_detection[t];
    if (d < 0 || image.detections[d].score < options.threshold) {
      Draw(*canvas, image.truths[t].box, scale, kMiss, thickness);
    }
  }
  for (size_t d = 0; d < image.detections.size(); ++d) {
    if (image.detections[d].score < options.threshold) continue;
    Draw(*canvas, image.detections[d].box, scale,
         image.match.detection_truth[d] >= 0 ? kTruePositive : kFalsePositive,
         thickness);
  }
  // A legend on a white strip below the image (hiding no pixels), so the
  // PNG explains itself when it travels alone.
  cv::Mat with_legend(canvas->rows + kLegendHeightPx, canvas->cols, CV_8UC3,
                      cv::Scalar(255, 255, 255));
  canvas->copyTo(with_legend(cv::Rect(0, 0, canvas->cols, canvas->rows)));
  int x = 6;
  for (const auto& [text, colour] :
       {std::pair{"found (true positive)", kTruePositive},
        std::pair{"false positive", kFalsePositive},
        std::pair{"missed", kMiss}}) {
    cv::putText(with_legend, text, cv::Point(x, canvas->rows + 20),
                cv::FONT_HERSHEY_SIMPLEX, 0.5, colour, 1, cv::LINE_AA);
    x += 20 + 9 * static_cast<int>(std::string(text).size());
  }
  std::vector<uchar> png;
  if (!cv::imencode(".png", with_legend, png)) {
    return absl::InternalError(
        absl::StrCat("cannot encode the overlay of '", image.image_path, "'"));
  }
  return WriteFileAtomically(png_path, std::string(png.begin(), png.end()));
}

}  // namespace campcount::evaluation
