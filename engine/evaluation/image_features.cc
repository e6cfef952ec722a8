#include "image_features.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace campcount::evaluation {
namespace {

// Size and modification time of a local file, so a dataset regenerated in
// place is not answered from the cache; empty for GDAL virtual paths.
std::string FileStamp(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) return "";
  const auto time = std::filesystem::last_write_time(path, error);
  if (error) return "";
  return absl::StrCat(size, "@", time.time_since_epoch().count());
}

}  // namespace

absl::StatusOr<std::string> ImageFeatures::Boundary(
    const campcount::v1::DatasetCamp& camp) {
  if (camp.boundary().empty()) return std::string();
  auto it = boundaries_.find(camp.boundary());
  if (it != boundaries_.end()) return it->second;
  std::ifstream in(camp.boundary());
  if (!in) {
    return absl::NotFoundError(absl::StrCat("camp ", camp.id(), ": boundary ",
                                            camp.boundary(),
                                            " cannot be opened"));
  }
  std::stringstream text;
  text << in.rdbuf();
  boundaries_[camp.boundary()] = text.str();
  return text.str();
}

absl::StatusOr<campcount::v1::CampFeatures> ImageFeatures::Get(
    const campcount::v1::DatasetCamp& camp,
    const campcount::v1::DatasetImage& image, const std::string& detector,
    const std::optional<campcount::v1::ModelInfo>& model, float score_threshold,
    const core::CancellationToken& cancellation) {
  const Key key{image.path(),
                FileStamp(image.path()),
                detector,
                model ? model->name() : "",
                model ? model->version() : "",
                model ? model->sha256() : "",
                score_threshold};
  std::string boundary;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    auto read = Boundary(camp);
    if (!read.ok()) return read.status();
    boundary = *read;
  }
  campcount::v1::EstimateRequest request;
  request.set_image_uri(image.path());
  request.set_boundary_geojson(boundary);
  request.set_camp_id(camp.id());
  request.set_detector(detector);
  if (model) {
    // Pinned: a version published mid-job does not mix into its features.
    request.set_model(model->name());
    request.set_model_version(model->version());
  }
  request.set_score_threshold(score_threshold);
  core::FeaturesSink capture;
  absl::Status status = pipeline_->Run(request, capture, cancellation);
  if (!status.ok()) {
    return absl::Status(status.code(),
                        absl::StrCat("camp ", camp.id(), " image ", image.id(),
                                     ": ", status.message()));
  }
  campcount::v1::CampFeatures features = capture.features;
  // The dataset's date wins over whatever the file's metadata says.
  if (!image.date().empty()) features.set_image_date(image.date());
  features.set_target_date(features.image_date());
  features.set_days_to_target(0);
  std::lock_guard<std::mutex> lock(mutex_);
  ++detections_run_;
  cache_[key] = features;
  return features;
}

}  // namespace campcount::evaluation
