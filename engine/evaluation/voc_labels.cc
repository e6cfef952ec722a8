// Pascal VOC XML labels, parsed with GDAL's small XML reader (already a
// dependency; no XML library needed for this one format).
#include <cpl_error.h>
#include <cpl_minixml.h>

#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "label_file.h"

namespace campcount::evaluation {
namespace {

struct XmlTreeDeleter {
  void operator()(CPLXMLNode* node) const { CPLDestroyXMLNode(node); }
};

}  // namespace

absl::StatusOr<std::vector<LabelBox>> ParsePascalVocLabels(
    const std::string& text, const std::string& path) {
  CPLErrorReset();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  std::unique_ptr<CPLXMLNode, XmlTreeDeleter> tree(
      CPLParseXMLString(text.c_str()));
  CPLPopErrorHandler();
  if (tree == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "labels file '", path, "' is not valid XML: ", CPLGetLastErrorMsg()));
  }
  const CPLXMLNode* annotation = CPLGetXMLNode(tree.get(), "=annotation");
  if (annotation == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("labels file '", path,
                     "': no <annotation> root element (Pascal VOC labels)"));
  }
  std::vector<LabelBox> labels;
  int index = 0;
  for (const CPLXMLNode* node = annotation->psChild; node != nullptr;
       node = node->psNext) {
    if (node->eType != CXT_Element || std::string(node->pszValue) != "object") {
      continue;
    }
    const std::string where =
        absl::StrCat("labels file '", path, "', <object> #", ++index);
    LabelBox label;
    label.class_name = CPLGetXMLValue(node, "name", "");
    if (label.class_name.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": <name> is missing or empty"));
    }
    double v[4];
    const char* fields[4] = {"xmin", "ymin", "xmax", "ymax"};
    for (int k = 0; k < 4; ++k) {
      const std::string field = absl::StrCat("bndbox.", fields[k]);
      const char* value = CPLGetXMLValue(node, field.c_str(), nullptr);
      if (value == nullptr || !absl::SimpleAtod(value, &v[k])) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": <bndbox><", fields[k], "> is missing or not a number"));
      }
    }
    // VOC counts pixels from 1 and includes xmax/ymax; this library counts
    // from 0 and excludes them.
    label.box = core::Box{v[0] - 1, v[1] - 1, v[2], v[3]};
    absl::Status valid =
        internal::CheckLabelBox(label.box, absl::StrCat(where, " <bndbox>"));
    if (!valid.ok()) return valid;
    labels.push_back(std::move(label));
  }
  return labels;
}

}  // namespace campcount::evaluation
