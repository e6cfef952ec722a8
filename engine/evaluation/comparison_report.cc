#include "comparison_report.h"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace campcount::evaluation {
namespace {

namespace fs = boost::filesystem;

void WriteMetricsRow(std::ofstream& out, const std::string& pipeline,
                     const std::string& scope,
                     const campcount::v1::ErrorMetrics& m) {
  out << absl::StrFormat("%s,%s,%d,%.3f,%.3f,%.3f,%.3f,%.4f,%.3f,%.3f\n",
                         pipeline, scope, m.n(), m.mae(), m.mape(), m.rmse(),
                         m.bias(), m.coverage(), m.mean_width(),
                         m.interval_level());
}

// Distinct colours (BGR) for up to eight pipelines, then they repeat.
const cv::Scalar kColours[] = {{200, 90, 20}, {30, 120, 230}, {60, 160, 60},
                               {40, 40, 200}, {160, 80, 160}, {20, 160, 190},
                               {120, 120, 0}, {90, 90, 90}};

std::string AxisLabel(double v) {
  if (v >= 1000) return absl::StrFormat("%.0fk", v / 1000);
  return absl::StrFormat("%.0f", v);
}

absl::Status WritePlot(const std::string& path,
                       const campcount::v1::CompareResult& result) {
  constexpr int kSize = 900, kMargin = 80, kLegendRow = 22;
  cv::Mat image(kSize, kSize, CV_8UC3, cv::Scalar(255, 255, 255));
  double hi = 1;
  for (const auto& p : result.points()) {
    hi = std::max({hi, p.census(), p.estimate(), p.upper()});
  }
  hi *= 1.05;
  const int plot = kSize - 2 * kMargin;
  auto x_of = [&](double v) { return kMargin + int(v / hi * plot); };
  auto y_of = [&](double v) {
    return kSize - kMargin - int(std::min(v, hi) / hi * plot);
  };
  cv::rectangle(image, {kMargin, kMargin}, {kSize - kMargin, kSize - kMargin},
                cv::Scalar(0, 0, 0), 1);
  cv::line(image, {x_of(0), y_of(0)}, {x_of(hi), y_of(hi)},
           cv::Scalar(160, 160, 160), 1, cv::LINE_AA);
  for (int i = 0; i <= 5; ++i) {
    const double v = hi * i / 5;
    cv::putText(image, AxisLabel(v), {x_of(v) - 15, kSize - kMargin + 22},
                cv::FONT_HERSHEY_SIMPLEX, 0.45, cv::Scalar(0, 0, 0), 1,
                cv::LINE_AA);
    cv::putText(image, AxisLabel(v), {kMargin - 55, y_of(v) + 5},
                cv::FONT_HERSHEY_SIMPLEX, 0.45, cv::Scalar(0, 0, 0), 1,
                cv::LINE_AA);
  }
  cv::putText(image, "census count (people)", {kSize / 2 - 110, kSize - 25},
              cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(0, 0, 0), 1,
              cv::LINE_AA);
  cv::putText(image, "estimate with interval (people)", {10, kMargin - 30},
              cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(0, 0, 0), 1,
              cv::LINE_AA);
  std::map<std::string, cv::Scalar> colour;
  for (int i = 0; i < result.pipelines_size(); ++i) {
    colour[result.pipelines(i).pipeline()] = kColours[i % 8];
  }
  // Pipelines side by side around each census value, so bars do not hide
  // each other.
  for (const auto& p : result.points()) {
    const cv::Scalar c = colour[p.pipeline()];
    int index = 0;
    for (int i = 0; i < result.pipelines_size(); ++i) {
      if (result.pipelines(i).pipeline() == p.pipeline()) index = i;
    }
    const int x = x_of(p.census()) + (index - result.pipelines_size() / 2) * 2;
    cv::line(image, {x, y_of(p.lower())}, {x, y_of(p.upper())}, c, 1,
             cv::LINE_AA);
    cv::circle(image, {x, y_of(p.estimate())}, 3, c, cv::FILLED, cv::LINE_AA);
  }
  for (int i = 0; i < result.pipelines_size(); ++i) {
    const auto& s = result.pipelines(i);
    const int y = kMargin + 20 + i * kLegendRow;
    cv::circle(image, {kMargin + 15, y - 5}, 5, colour[s.pipeline()],
               cv::FILLED, cv::LINE_AA);
    cv::putText(
        image,
        absl::StrFormat("%s  MAPE %.1f%%  coverage %.0f%%", s.pipeline(),
                        s.overall().mape(), s.overall().coverage() * 100),
        {kMargin + 28, y}, cv::FONT_HERSHEY_SIMPLEX, 0.5, cv::Scalar(0, 0, 0),
        1, cv::LINE_AA);
  }
  if (!cv::imwrite(path, image)) {
    return absl::DataLossError(absl::StrCat("cannot write the plot ", path));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteComparisonReport(const std::string& directory,
                                   campcount::v1::CompareResult* result) {
  boost::system::error_code error;
  fs::create_directories(directory, error);
  if (error) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create ", directory, ": ", error.message()));
  }
  const std::string points_path =
      (fs::path(directory) / "comparison.csv").string();
  {
    std::ofstream out(points_path);
    out << "pipeline,camp_id,survey_date,image_date,gap_days,census,estimate,"
           "lower,upper,error,inside_interval\n";
    for (const auto& p : result->points()) {
      out << absl::StrFormat(
          "%s,%s,%s,%s,%d,%.0f,%.1f,%.1f,%.1f,%.1f,%d\n", p.pipeline(),
          p.camp_id(), p.survey_date(), p.image_date(), p.gap_days(),
          p.census(), p.estimate(), p.lower(), p.upper(),
          p.estimate() - p.census(),
          p.census() >= p.lower() && p.census() <= p.upper());
    }
    if (!out.flush()) {
      return absl::DataLossError(absl::StrCat("cannot write ", points_path));
    }
  }
  const std::string summary_path =
      (fs::path(directory) / "comparison_summary.csv").string();
  {
    std::ofstream out(summary_path);
    out << "pipeline,scope,n,mae,mape_percent,rmse,bias,coverage,mean_width,"
           "interval_level\n";
    for (const auto& s : result->pipelines()) {
      WriteMetricsRow(out, s.pipeline(), "overall", s.overall());
      WriteMetricsRow(out, s.pipeline(),
                      absl::StrCat("gap>=", result->far_gap_days(), "d"),
                      s.far_gap());
      WriteMetricsRow(out, s.pipeline(),
                      absl::StrCat("gap<", result->far_gap_days(), "d"),
                      s.near_gap());
    }
    for (const auto& c : result->camps()) {
      WriteMetricsRow(out, c.pipeline(), absl::StrCat("camp ", c.camp_id()),
                      c.metrics());
    }
    if (!out.flush()) {
      return absl::DataLossError(absl::StrCat("cannot write ", summary_path));
    }
  }
  const std::string plot_path =
      (fs::path(directory) / "comparison.png").string();
  absl::Status plot = WritePlot(plot_path, *result);
  if (!plot.ok()) return plot;
  result->set_csv_path(points_path);
  result->set_plot_path(plot_path);
  return absl::OkStatus();
}

}  // namespace campcount::evaluation
