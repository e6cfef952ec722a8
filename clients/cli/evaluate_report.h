// How `campcount evaluate` prints its result: a per-camp table, the overall
// line and the field case's sentence; or one JSON object (--json, and the
// evaluation.json written beside the GeoJSON).
#ifndef CAMPCOUNT_CLIENTS_CLI_EVALUATE_REPORT_H_
#define CAMPCOUNT_CLIENTS_CLI_EVALUATE_REPORT_H_

#include <ostream>
#include <string>
#include <vector>

#include "image_evaluation.h"

namespace campcount::cli {

// What the report says besides the numbers.
struct EvaluationContext {
  // "dataset" or "tiles".
  std::string mode;
  // The manifest or the tile and label directories.
  std::string input;
  std::string detector;
  std::string detector_version;
  std::string detector_sha256;
  // Outputs, as published.
  std::string geojson_path;
  std::string overlay_dir;
  std::string report_path;
  // "EPSG:4326" or "image pixels".
  std::string coordinates;
  // Camps left out (no image before --target-date), with the reason.
  std::vector<std::string> skipped;
  double seconds = 0;
};

void PrintEvaluationText(const evaluation::EvaluationReport& report,
                         const EvaluationContext& context, std::ostream& out);

std::string EvaluationJson(
    const evaluation::EvaluationReport& report,
    const std::vector<evaluation::ImageEvaluation>& images,
    const EvaluationContext& context);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_EVALUATE_REPORT_H_
