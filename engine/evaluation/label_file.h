// Ground-truth boxes from a labels file, in the image's pixel coordinates
// (x right, y down, xmin/ymin inclusive, xmax/ymax exclusive). Three formats:
//  - GeoJSON (.geojson, .json): a FeatureCollection whose features carry
//    properties.bbox_px = [xmin, ymin, xmax, ymax] and properties.kind (or
//    class), as `campcount synth` writes them;
//  - Pascal VOC XML (.xml): <object><name>..</name><bndbox><xmin>.. with
//    VOC's 1-based inclusive pixel indices;
//  - text (.txt): one "class xmin ymin xmax ymax" line per box, in pixels
//    like bbox_px; blank lines and lines starting with '#' are skipped.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_LABEL_FILE_H_
#define CAMPCOUNT_ENGINE_EVALUATION_LABEL_FILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "box.h"

namespace campcount::evaluation {

// The class detection evaluation counts as positive (the detector's class).
inline constexpr char kPositiveClass[] = "tent";

struct LabelBox {
  core::Box box;
  // "tent", "makeshift", "building", ... as the file names it.
  std::string class_name;
};

enum class LabelFormat { kGeoJson, kPascalVoc, kText };

// The format a labels file's name announces; INVALID_ARGUMENT naming the
// file and the formats understood otherwise.
absl::StatusOr<LabelFormat> LabelFormatOf(const std::string& path);

// Reads and parses the file in the format its name announces. Errors name
// the file and, where it applies, the feature / object / line and field.
absl::StatusOr<std::vector<LabelBox>> ReadLabelFile(const std::string& path);

// The parsers, on text already read; `path` only names it in errors.
absl::StatusOr<std::vector<LabelBox>> ParseGeoJsonLabels(
    const std::string& text, const std::string& path);
absl::StatusOr<std::vector<LabelBox>> ParsePascalVocLabels(
    const std::string& text, const std::string& path);
absl::StatusOr<std::vector<LabelBox>> ParseTextLabels(const std::string& text,
                                                      const std::string& path);

namespace internal {
// OK for a finite box with positive width and height; else INVALID_ARGUMENT
// "<where>: ..." (where names the file and the feature / object / line).
absl::Status CheckLabelBox(const core::Box& box, const std::string& where);
}  // namespace internal

// Case-insensitive comparison with kPositiveClass.
bool IsPositive(const LabelBox& label);

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_LABEL_FILE_H_
