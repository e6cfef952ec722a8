#include "label_file.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace campcount::evaluation {

absl::StatusOr<LabelFormat> LabelFormatOf(const std::string& path) {
  const std::string extension =
      absl::AsciiStrToLower(std::filesystem::path(path).extension().string());
  if (extension == ".geojson" || extension == ".json") {
    return LabelFormat::kGeoJson;
  }
  if (extension == ".xml") return LabelFormat::kPascalVoc;
  if (extension == ".txt") return LabelFormat::kText;
  return absl::InvalidArgumentError(absl::StrCat(
      "labels file '", path, "': unknown label format",
      extension.empty() ? " (no extension)"
                        : absl::StrCat(" (extension '", extension, "')"),
      "; expected .geojson/.json (GeoJSON with properties.bbox_px), .xml "
      "(Pascal VOC) or .txt (one 'class xmin ymin xmax ymax' line per box)"));
}

absl::StatusOr<std::vector<LabelBox>> ReadLabelFile(const std::string& path) {
  absl::StatusOr<LabelFormat> format = LabelFormatOf(path);
  if (!format.ok()) return format.status();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read labels file '", path,
                                            "': ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  switch (*format) {
    case LabelFormat::kGeoJson:
      return ParseGeoJsonLabels(text.str(), path);
    case LabelFormat::kPascalVoc:
      return ParsePascalVocLabels(text.str(), path);
    case LabelFormat::kText:
      return ParseTextLabels(text.str(), path);
  }
  return absl::InternalError("unhandled label format");
}

namespace internal {

absl::Status CheckLabelBox(const core::Box& box, const std::string& where) {
  for (double v : {box.xmin, box.ymin, box.xmax, box.ymax}) {
    if (!std::isfinite(v)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": box coordinates must be finite numbers"));
    }
  }
  if (!(box.xmax > box.xmin) || !(box.ymax > box.ymin)) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": box [", box.xmin, ", ", box.ymin, ", ", box.xmax, ", ",
        box.ymax, "] is empty (need xmin < xmax and ymin < ymax)"));
  }
  return absl::OkStatus();
}

}  // namespace internal

bool IsPositive(const LabelBox& label) {
  return absl::EqualsIgnoreCase(label.class_name, kPositiveClass);
}

}  // namespace campcount::evaluation
