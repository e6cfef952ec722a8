// GeoJSON labels: the boxes are read from properties.bbox_px (pixel
// coordinates of the image), not from the lon/lat geometry, so no
// georeference is needed to compare them with detections.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "label_file.h"

namespace campcount::evaluation {
namespace {

using google::protobuf::Value;

const Value* Field(const Value& object, const std::string& name) {
  if (object.kind_case() != Value::kStructValue) return nullptr;
  const auto& fields = object.struct_value().fields();
  auto it = fields.find(name);
  return it == fields.end() ? nullptr : &it->second;
}

}  // namespace

absl::StatusOr<std::vector<LabelBox>> ParseGeoJsonLabels(
    const std::string& text, const std::string& path) {
  Value root;
  const auto parsed = google::protobuf::util::JsonStringToMessage(text, &root);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("labels file '", path,
                     "' is not valid JSON: ", std::string(parsed.message())));
  }
  const Value* type = Field(root, "type");
  if (type == nullptr || type->string_value() != "FeatureCollection") {
    return absl::InvalidArgumentError(absl::StrCat(
        "labels file '", path,
        "': field 'type' must be \"FeatureCollection\" (GeoJSON labels)"));
  }
  const Value* features = Field(root, "features");
  if (features == nullptr || features->kind_case() != Value::kListValue) {
    return absl::InvalidArgumentError(absl::StrCat(
        "labels file '", path, "': field 'features' must be an array"));
  }
  std::vector<LabelBox> labels;
  const auto& list = features->list_value().values();
  for (int i = 0; i < list.size(); ++i) {
    const std::string where =
        absl::StrCat("labels file '", path, "', features[", i, "]");
    const Value* properties = Field(list[i], "properties");
    if (properties == nullptr ||
        properties->kind_case() != Value::kStructValue) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": field 'properties' must be an object"));
    }
    LabelBox label;
    const Value* kind = Field(*properties, "kind");
    if (kind == nullptr) kind = Field(*properties, "class");
    if (kind == nullptr || kind->kind_case() != Value::kStringValue) {
      return absl::InvalidArgumentError(absl::StrCat(
          where,
          ": properties.kind (or properties.class) must be a string "
          "such as \"tent\""));
    }
    label.class_name = kind->string_value();
    const Value* bbox = Field(*properties, "bbox_px");
    if (bbox == nullptr || bbox->kind_case() != Value::kListValue ||
        bbox->list_value().values_size() != 4) {
      return absl::InvalidArgumentError(absl::StrCat(
          where,
          ": properties.bbox_px must be [xmin, ymin, xmax, ymax] in "
          "image pixels"));
    }
    double v[4];
    for (int k = 0; k < 4; ++k) {
      const Value& n = bbox->list_value().values(k);
      if (n.kind_case() != Value::kNumberValue) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": properties.bbox_px[", k, "] must be a number"));
      }
      v[k] = n.number_value();
    }
    label.box = core::Box{v[0], v[1], v[2], v[3]};
    absl::Status valid =
        internal::CheckLabelBox(label.box, absl::StrCat(where, ".bbox_px"));
    if (!valid.ok()) return valid;
    labels.push_back(std::move(label));
  }
  return labels;
}

}  // namespace campcount::evaluation
