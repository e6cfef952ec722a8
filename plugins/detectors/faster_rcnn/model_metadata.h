// Reads and checks a model's metadata sidecar (model.json, the JSON form of
// campcount.v1.ModelMetadata). A model without it is refused: the engine
// cannot know the GSD, tile size or classes it was trained for.
#ifndef CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_MODEL_METADATA_H_
#define CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_MODEL_METADATA_H_

#include <string>

#include "absl/status/statusor.h"
#include "campcount/v1/model.pb.h"

namespace campcount::plugins {

inline constexpr char kModelFileName[] = "model.pt";
inline constexpr char kMetadataFileName[] = "model.json";
inline constexpr char kModelFormat[] = "campcount-model/1";

// Parses `path`; fills defaults (scale 1/255, mean 0, std 1, RGB, default
// threshold 0.5) and refuses values the plugin cannot use, naming the file
// and the field.
absl::StatusOr<campcount::v1::ModelMetadata> ReadModelMetadata(
    const std::string& path);

// Parses JSON text; `where` names its origin in errors.
absl::StatusOr<campcount::v1::ModelMetadata> ParseModelMetadata(
    const std::string& json, const std::string& where);

// True when label `label` of the model counts as a shelter.
bool IsShelterClass(const campcount::v1::ModelMetadata& metadata, int label);

// The name of label `label` ("class_<n>" when the metadata names none).
std::string ClassName(const campcount::v1::ModelMetadata& metadata, int label);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_DETECTORS_FASTER_RCNN_MODEL_METADATA_H_
