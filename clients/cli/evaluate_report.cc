#include "evaluate_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "format.h"
#include "json_text.h"

namespace campcount::cli {
namespace {

using evaluation::DetectionSummary;
using evaluation::GroupSummary;
using evaluation::JsonNumber;
using evaluation::JsonString;

std::string Percent(double ratio) {
  return std::isfinite(ratio) ? FormatNumber(100 * ratio, 1) + "%" : "n/a";
}

std::vector<std::string> Row(const GroupSummary& g) {
  const DetectionSummary& s = g.summary;
  return {g.camp_id,
          FormatCount(g.images),
          FormatCount(s.truths),
          FormatCount(s.true_positives),
          FormatCount(s.false_positives),
          FormatCount(s.misses),
          Percent(s.precision),
          Percent(s.recall),
          Percent(s.f1),
          FormatNumber(s.average_precision, 3)};
}

std::string SummaryJson(const GroupSummary& g) {
  const DetectionSummary& s = g.summary;
  return absl::StrCat(
      "{\"camp_id\":", JsonString(g.camp_id), ",\"images\":", g.images,
      ",\"tents\":", s.truths, ",\"true_positives\":", s.true_positives,
      ",\"false_positives\":", s.false_positives, ",\"misses\":", s.misses,
      ",\"precision\":", JsonNumber(s.precision),
      ",\"recall\":", JsonNumber(s.recall), ",\"f1\":", JsonNumber(s.f1),
      ",\"average_precision\":", JsonNumber(s.average_precision),
      ",\"false_positives_on_other_shelters\":",
      g.false_positives_on_other_labels,
      ",\"sentence\":", JsonString(evaluation::FoundSentence(s)), "}");
}

}  // namespace

void PrintEvaluationText(const evaluation::EvaluationReport& report,
                         const EvaluationContext& context, std::ostream& out) {
  out << "Detection evaluation of " << context.detector
      << (context.detector_version.empty() ? ""
                                           : " " + context.detector_version)
      << " on " << context.input << "\n"
      << "A detection counts at score >= "
      << absl::StrFormat("%.2f", report.threshold)
      << "; it finds a tent at IoU >= "
      << absl::StrFormat("%.2f", report.iou_threshold)
      << " (AP: over every score).\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const GroupSummary& g : report.camps) rows.push_back(Row(g));
  rows.push_back(Row(report.overall));
  PrintTable(out,
             {context.mode == "tiles" ? "TILE" : "CAMP", "IMAGES", "TENTS",
              "FOUND", "FALSE+", "MISSED", "PRECISION", "RECALL", "F1", "AP"},
             rows);
  out << "\nOther thresholds (overall, same detections):\n";
  std::vector<std::vector<std::string>> points;
  for (const evaluation::OperatingPoint& p : report.operating_points) {
    const DetectionSummary& s = p.summary;
    points.push_back({absl::StrFormat("%.1f", p.threshold),
                      FormatCount(s.true_positives),
                      FormatCount(s.false_positives), Percent(s.precision),
                      Percent(s.recall), Percent(s.f1)});
  }
  PrintTable(out, {"SCORE >=", "FOUND", "FALSE+", "PRECISION", "RECALL", "F1"},
             points, "  ");
  out << "\nOverall: " << evaluation::FoundSentence(report.overall.summary);
  if (report.overall.false_positives_on_other_labels > 0) {
    out << " (" << FormatCount(report.overall.false_positives_on_other_labels)
        << " of them on makeshift shelters or buildings)";
  }
  out << ".\n";
  for (const std::string& s : context.skipped) out << "Skipped " << s << "\n";
  out << "\nWrote " << context.geojson_path << " (true positives, false "
      << "positives and misses; " << context.coordinates << "),\n      "
      << context.overlay_dir << " (overlays: green found, orange false "
      << "positive, red missed),\n      " << context.report_path << "\n";
}

std::string EvaluationJson(
    const evaluation::EvaluationReport& report,
    const std::vector<evaluation::ImageEvaluation>& images,
    const EvaluationContext& context) {
  std::string out = absl::StrCat(
      "{\n  \"mode\": ", JsonString(context.mode),
      ",\n  \"input\": ", JsonString(context.input),
      ",\n  \"detector\": {\"name\": ", JsonString(context.detector),
      ", \"version\": ", JsonString(context.detector_version),
      ", \"sha256\": ", JsonString(context.detector_sha256), "}",
      ",\n  \"score_threshold\": ", JsonNumber(report.threshold),
      ",\n  \"iou_threshold\": ", JsonNumber(report.iou_threshold),
      ",\n  \"overall\": ", SummaryJson(report.overall),
      ",\n  \"operating_points\": [");
  for (size_t i = 0; i < report.operating_points.size(); ++i) {
    const evaluation::OperatingPoint& p = report.operating_points[i];
    absl::StrAppend(&out, i ? ",\n    " : "\n    ",
                    "{\"score_threshold\":", JsonNumber(p.threshold, 3),
                    ",\"true_positives\":", p.summary.true_positives,
                    ",\"false_positives\":", p.summary.false_positives,
                    ",\"misses\":", p.summary.misses,
                    ",\"precision\":", JsonNumber(p.summary.precision),
                    ",\"recall\":", JsonNumber(p.summary.recall),
                    ",\"f1\":", JsonNumber(p.summary.f1), "}");
  }
  absl::StrAppend(&out, "\n  ],\n  \"camps\": [");
  for (size_t i = 0; i < report.camps.size(); ++i) {
    absl::StrAppend(&out, i ? ",\n    " : "\n    ",
                    SummaryJson(report.camps[i]));
  }
  absl::StrAppend(&out, "\n  ],\n  \"images\": [");
  for (size_t i = 0; i < images.size(); ++i) {
    const evaluation::ImageEvaluation& image = images[i];
    const DetectionSummary s =
        evaluation::Summarize({&image.outcome}, report.threshold);
    absl::StrAppend(
        &out, i ? ",\n    " : "\n    ",
        "{\"camp_id\":", JsonString(image.camp_id),
        ",\"image_id\":", JsonString(image.image_id),
        ",\"path\":", JsonString(image.image_path),
        ",\"detector_gsd_m\":", JsonNumber(image.detector_gsd_m),
        ",\"detections\":", image.detections.size(), ",\"tents\":", s.truths,
        ",\"true_positives\":", s.true_positives,
        ",\"false_positives\":", s.false_positives, ",\"misses\":", s.misses,
        ",\"average_precision\":", JsonNumber(s.average_precision), "}");
  }
  absl::StrAppend(&out, "\n  ],\n  \"skipped\": [");
  for (size_t i = 0; i < context.skipped.size(); ++i) {
    absl::StrAppend(&out, i ? ", " : "", JsonString(context.skipped[i]));
  }
  absl::StrAppend(
      &out,
      "],\n  \"outputs\": {\"geojson\": ", JsonString(context.geojson_path),
      ", \"overlays\": ", JsonString(context.overlay_dir),
      ", \"report\": ", JsonString(context.report_path),
      ", \"coordinates\": ", JsonString(context.coordinates),
      "},\n  \"seconds\": ", JsonNumber(context.seconds, 4), "\n}\n");
  return out;
}

}  // namespace campcount::cli
