#include "model_metadata.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace campcount::plugins {
namespace {

absl::Status Invalid(const std::string& where, const std::string& what) {
  return absl::InvalidArgumentError(
      absl::StrCat("model metadata ", where, ": ", what));
}

}  // namespace

absl::StatusOr<campcount::v1::ModelMetadata> ParseModelMetadata(
    const std::string& json, const std::string& where) {
  campcount::v1::ModelMetadata metadata;
  google::protobuf::util::JsonParseOptions options;
  // Training notes and metrics live in the same file; the engine reads only
  // the fields it needs.
  options.ignore_unknown_fields = true;
  const auto status =
      google::protobuf::util::JsonStringToMessage(json, &metadata, options);
  if (!status.ok()) {
    return Invalid(where, absl::StrCat("not valid model metadata JSON: ",
                                       status.ToString()));
  }
  if (!metadata.format().empty() && metadata.format() != kModelFormat) {
    return Invalid(where, absl::StrCat("format '", metadata.format(),
                                       "' is not ", kModelFormat));
  }
  if (!(metadata.gsd_m() > 0) || !std::isfinite(metadata.gsd_m())) {
    return Invalid(where, absl::StrCat("gsd_m must be a positive number of "
                                       "metres per pixel, got ",
                                       metadata.gsd_m()));
  }
  if (metadata.tile_size_px() < 32 || metadata.tile_size_px() > 4096) {
    return Invalid(where, absl::StrCat("tile_size_px must be 32..4096, got ",
                                       metadata.tile_size_px()));
  }
  if (metadata.max_object_size_m() < 0) {
    return Invalid(where, "max_object_size_m must not be negative");
  }
  if (metadata.class_names_size() < 2) {
    return Invalid(where,
                   "class_names must list the background (index 0) and at "
                   "least one class, e.g. [\"background\", \"tent\"]");
  }
  for (const std::string& name : metadata.shelter_classes()) {
    if (std::find(metadata.class_names().begin(), metadata.class_names().end(),
                  name) == metadata.class_names().end()) {
      return Invalid(where, absl::StrCat("shelter class '", name,
                                         "' is not in class_names"));
    }
  }
  if (metadata.default_score_threshold() < 0 ||
      metadata.default_score_threshold() > 1) {
    return Invalid(where, "default_score_threshold must be within 0..1");
  }
  if (metadata.default_score_threshold() == 0) {
    metadata.set_default_score_threshold(0.5f);
  }
  if (!metadata.output_format().empty() &&
      metadata.output_format() != "torchvision") {
    return Invalid(where,
                   absl::StrCat("output_format '", metadata.output_format(),
                                "' is unknown (supported: torchvision)"));
  }
  metadata.set_output_format("torchvision");
  campcount::v1::ModelInput* input = metadata.mutable_input();
  if (input->channels().empty()) input->set_channels("RGB");
  if (input->channels() != "RGB" && input->channels() != "BGR") {
    return Invalid(where, absl::StrCat("input.channels '", input->channels(),
                                       "' must be RGB or BGR"));
  }
  if (input->scale() == 0) input->set_scale(1.0 / 255.0);
  if (input->mean_size() == 0) input->mutable_mean()->Resize(3, 0.0);
  if (input->std_size() == 0) input->mutable_std()->Resize(3, 1.0);
  if (input->mean_size() != 3 || input->std_size() != 3) {
    return Invalid(where,
                   "input.mean and input.std need 3 values (one per "
                   "channel)");
  }
  for (double s : input->std()) {
    if (!(s > 0)) return Invalid(where, "input.std values must be positive");
  }
  return metadata;
}

absl::StatusOr<campcount::v1::ModelMetadata> ReadModelMetadata(
    const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    return absl::FailedPreconditionError(absl::StrCat(
        "model metadata ", path,
        " is missing: every model needs its model.json (GSD, tile size, "
        "classes, input normalisation; see docs/models.md)"));
  }
  std::stringstream text;
  text << file.rdbuf();
  return ParseModelMetadata(text.str(), path);
}

bool IsShelterClass(const campcount::v1::ModelMetadata& metadata, int label) {
  if (label <= 0 || label >= metadata.class_names_size()) return false;
  if (metadata.shelter_classes_size() == 0) return true;
  const std::string& name = metadata.class_names(label);
  return std::find(metadata.shelter_classes().begin(),
                   metadata.shelter_classes().end(),
                   name) != metadata.shelter_classes().end();
}

std::string ClassName(const campcount::v1::ModelMetadata& metadata, int label) {
  if (label >= 0 && label < metadata.class_names_size()) {
    return metadata.class_names(label);
  }
  return absl::StrCat("class_", label);
}

}  // namespace campcount::plugins
