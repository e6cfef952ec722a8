// Text labels: one "class xmin ymin xmax ymax" line per box, the simplest
// thing a labelling script can write beside a PNG/JPEG tile.
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "label_file.h"

namespace campcount::evaluation {

absl::StatusOr<std::vector<LabelBox>> ParseTextLabels(const std::string& text,
                                                      const std::string& path) {
  std::vector<LabelBox> labels;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    const std::string where =
        absl::StrCat("labels file '", path, "', line ", line_number);
    const std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t,"), absl::SkipEmpty());
    if (fields.size() != 5) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": expected 'class xmin ymin xmax ymax', got ",
                       fields.size(), " field(s)"));
    }
    LabelBox label;
    label.class_name = std::string(fields[0]);
    double v[4];
    const char* names[4] = {"xmin", "ymin", "xmax", "ymax"};
    for (int k = 0; k < 4; ++k) {
      if (!absl::SimpleAtod(fields[k + 1], &v[k])) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": ", names[k], " '", fields[k + 1], "' is not a number"));
      }
    }
    label.box = core::Box{v[0], v[1], v[2], v[3]};
    absl::Status valid = internal::CheckLabelBox(label.box, where);
    if (!valid.ok()) return valid;
    labels.push_back(std::move(label));
  }
  return labels;
}

}  // namespace campcount::evaluation
