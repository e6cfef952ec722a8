#include "scene_request.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "dataset_reader.h"
#include "image_selection.h"
#include "status_macros.h"

namespace campcount::core {
namespace {

// A camp boundary is a few kilobytes; this refuses a wrong file quickly.
constexpr std::uintmax_t kMaxBoundaryBytes = 16 << 20;

absl::StatusOr<std::string> ReadBoundary(const std::string& path,
                                         const std::string& camp_id) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) {
    return absl::NotFoundError(absl::StrCat("boundary of camp '", camp_id,
                                            "': cannot read ", path, ": ",
                                            error.message()));
  }
  if (size > kMaxBoundaryBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("boundary of camp '", camp_id, "': ", path, " is ", size,
                     " bytes, more than a boundary file can be"));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

absl::Status ValidateSceneFields(
    const campcount::v1::EstimateRequest& request) {
  if (request.image_uri().empty() && request.dataset().empty()) {
    return absl::InvalidArgumentError(
        "image_uri is empty: name the image (or a dataset with camp_id and "
        "target_date)");
  }
  if (!request.image_uri().empty() && !request.dataset().empty()) {
    return absl::InvalidArgumentError(
        "give image_uri or dataset, not both: with a dataset the engine picks "
        "the image");
  }
  if (!request.dataset().empty()) {
    if (request.camp_id().empty()) {
      return absl::InvalidArgumentError(
          "dataset is set but camp_id is empty: name the camp to estimate");
    }
    if (request.target_date().empty()) {
      return absl::InvalidArgumentError(
          "dataset is set but target_date is empty: the image taken closest "
          "before that date is used");
    }
  }
  if (request.has_target_gsd_m() &&
      !(request.target_gsd_m() > 0 && std::isfinite(request.target_gsd_m()))) {
    return absl::InvalidArgumentError(absl::StrCat(
        "target_gsd_m = ", request.target_gsd_m(),
        " is not a ground sample distance (must be > 0 metres per pixel)"));
  }
  if (request.has_margin_m() &&
      !(request.margin_m() >= 0 && std::isfinite(request.margin_m()))) {
    return absl::InvalidArgumentError(
        absl::StrCat("margin_m = ", request.margin_m(), " must be >= 0"));
  }
  if (request.has_stretch_clip_percent() &&
      !(request.stretch_clip_percent() >= 0 &&
        request.stretch_clip_percent() < 50)) {
    return absl::InvalidArgumentError(
        absl::StrCat("stretch_clip_percent = ", request.stretch_clip_percent(),
                     " must be in [0, 50) (2 means the 2-98 % stretch)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<SceneChoice> ChooseScene(
    const campcount::v1::EstimateRequest& request,
    const campcount::v1::PluginManifest& detector) {
  SceneChoice choice;
  campcount::v1::OpenSceneRequest& open = choice.open;
  open.set_uri(request.image_uri());
  open.set_boundary_geojson(request.boundary_geojson());
  if (!request.dataset().empty()) {
    CC_ASSIGN_OR_RETURN(campcount::v1::Dataset dataset,
                        dataset::ReadDataset(request.dataset()));
    CC_ASSIGN_OR_RETURN(const campcount::v1::DatasetCamp* camp,
                        dataset::FindCamp(dataset, request.camp_id()));
    CC_ASSIGN_OR_RETURN(
        campcount::v1::ImageSelection selection,
        dataset::SelectImageBefore(*camp, request.target_date()));
    open.set_uri(selection.image().path());
    if (open.boundary_geojson().empty() && !camp->boundary().empty()) {
      CC_ASSIGN_OR_RETURN(std::string boundary,
                          ReadBoundary(camp->boundary(), camp->id()));
      open.set_boundary_geojson(std::move(boundary));
    }
    choice.previous_image = PreviousImage(*camp, selection.image());
    choice.selection = std::move(selection);
  }
  // The detector's resolution unless the request says otherwise; neither:
  // the image's own.
  if (request.has_target_gsd_m()) {
    open.set_target_gsd_m(request.target_gsd_m());
  } else if (detector.preferred_gsd_m() > 0) {
    open.set_target_gsd_m(detector.preferred_gsd_m());
  }
  if (request.has_margin_m()) open.set_margin_m(request.margin_m());
  if (request.has_contrast_stretch()) {
    open.set_contrast_stretch(request.contrast_stretch());
  }
  if (request.has_stretch_clip_percent()) {
    open.set_stretch_low_percent(request.stretch_clip_percent());
    open.set_stretch_high_percent(100 - request.stretch_clip_percent());
  }
  return choice;
}

std::optional<campcount::v1::DatasetImage> PreviousImage(
    const campcount::v1::DatasetCamp& camp,
    const campcount::v1::DatasetImage& image) {
  std::optional<campcount::v1::DatasetImage> previous;
  if (image.date().empty()) return previous;
  for (const campcount::v1::DatasetImage& other : camp.images()) {
    // ISO dates order as strings.
    if (other.date().empty() || other.date() >= image.date()) continue;
    if (!previous || other.date() > previous->date()) previous = other;
  }
  return previous;
}

}  // namespace campcount::core
