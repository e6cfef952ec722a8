#include "dataset_reader.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "iso_date.h"

namespace campcount::dataset {
namespace {

namespace fs = std::filesystem;
using campcount::v1::Dataset;
using campcount::v1::DatasetCamp;

// Validation walks the manifest once; `label` (the manifest path) and the
// JSON field path go in front of every message.
class Validator {
 public:
  Validator(std::string label, fs::path root)
      : label_(std::move(label)), root_(std::move(root)) {}

  absl::Status Invalid(absl::string_view field, absl::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat(label_, ": ", field, ": ", what));
  }

  // Makes `*path` absolute against the manifest directory and checks that
  // the file exists. `required`: an empty value is an error too.
  absl::Status ResolveFile(absl::string_view field, std::string* path,
                           bool required) const {
    if (path->empty()) {
      return required ? Invalid(field, "missing (a file path is required)")
                      : absl::OkStatus();
    }
    // GDAL virtual file systems are GDAL's to check when it opens them.
    if (absl::StartsWith(*path, "/vsi")) return absl::OkStatus();
    fs::path resolved = fs::path(*path);
    if (resolved.is_relative()) resolved = root_ / resolved;
    resolved = resolved.lexically_normal();
    std::error_code error;
    if (!fs::is_regular_file(resolved, error)) {
      return absl::NotFoundError(
          absl::StrCat(label_, ": ", field, ": ", resolved.string(),
                       fs::exists(resolved, error) ? " is not a regular file"
                                                   : " does not exist"));
    }
    *path = resolved.string();
    return absl::OkStatus();
  }

  absl::Status Date(absl::string_view field, const std::string& date) const {
    if (date.empty()) return Invalid(field, "missing (YYYY-MM-DD required)");
    absl::StatusOr<absl::CivilDay> day = ParseIsoDate(date);
    if (!day.ok()) return Invalid(field, day.status().message());
    return absl::OkStatus();
  }

  absl::Status Camp(absl::string_view field, DatasetCamp& camp) const {
    if (camp.id().empty())
      return Invalid(absl::StrCat(field, ".id"), "missing");
    absl::Status status = ResolveFile(absl::StrCat(field, ".boundary"),
                                      camp.mutable_boundary(), false);
    if (!status.ok()) return status;
    absl::flat_hash_set<std::string> image_ids;
    for (int j = 0; j < camp.images_size(); ++j) {
      const std::string at = absl::StrCat(field, ".images[", j, "]");
      campcount::v1::DatasetImage& image = *camp.mutable_images(j);
      if (!image.id().empty() && !image_ids.insert(image.id()).second) {
        return Invalid(absl::StrCat(at, ".id"),
                       absl::StrCat("duplicate image id '", image.id(), "'"));
      }
      status =
          ResolveFile(absl::StrCat(at, ".path"), image.mutable_path(), true);
      if (!status.ok()) return status;
      status = Date(absl::StrCat(at, ".date"), image.date());
      if (!status.ok()) return status;
      // Resampling divides by it; NaN compares false, so test for "> 0".
      if (!(image.gsd_m() > 0)) {
        return Invalid(absl::StrCat(at, ".gsd_m"),
                       absl::StrCat(image.gsd_m(),
                                    " is not a ground sample distance (must "
                                    "be > 0 metres per pixel)"));
      }
      if (image.width_px() < 0 || image.height_px() < 0) {
        return Invalid(at, "width_px and height_px must not be negative");
      }
      status = ResolveFile(absl::StrCat(at, ".labels"), image.mutable_labels(),
                           false);
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }

 private:
  std::string label_;
  fs::path root_;
};

}  // namespace

absl::StatusOr<Dataset> ParseDataset(absl::string_view json,
                                     const std::string& root_dir,
                                     const std::string& label) {
  Dataset dataset;
  google::protobuf::util::JsonParseOptions options;
  // Newer generators may add keys; the ones we read are still checked.
  options.ignore_unknown_fields = true;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &dataset,
      options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        label,
        ": not a valid dataset manifest: ", std::string(parsed.message())));
  }
  Validator check(label, fs::path(root_dir));
  if (dataset.format() != kDatasetFormat) {
    return check.Invalid(
        "format",
        absl::StrCat("'", dataset.format(), "' is not '", kDatasetFormat,
                     "' (the format this engine reads)"));
  }
  absl::Status status =
      check.ResolveFile("census_csv", dataset.mutable_census_csv(), false);
  if (!status.ok()) return status;
  absl::flat_hash_set<std::string> camp_ids;
  for (int i = 0; i < dataset.camps_size(); ++i) {
    const std::string at = absl::StrCat("camps[", i, "]");
    status = check.Camp(at, *dataset.mutable_camps(i));
    if (!status.ok()) return status;
    if (!camp_ids.insert(dataset.camps(i).id()).second) {
      return check.Invalid(
          absl::StrCat(at, ".id"),
          absl::StrCat("duplicate camp id '", dataset.camps(i).id(), "'"));
    }
  }
  dataset.set_manifest_path(label);
  dataset.set_root_dir(root_dir);
  return dataset;
}

absl::StatusOr<Dataset> ReadDataset(const std::string& path) {
  if (path.empty()) {
    return absl::InvalidArgumentError("dataset manifest path is empty");
  }
  std::error_code error;
  fs::path manifest = fs::absolute(fs::path(path), error).lexically_normal();
  if (fs::is_directory(manifest, error)) manifest /= kManifestFileName;
  if (!fs::is_regular_file(manifest, error)) {
    return absl::NotFoundError(absl::StrCat(
        "dataset manifest ", manifest.string(), " does not exist"));
  }
  std::ifstream in(manifest, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    return absl::UnavailableError(
        absl::StrCat("could not read dataset manifest ", manifest.string()));
  }
  return ParseDataset(text.str(), manifest.parent_path().string(),
                      manifest.string());
}

absl::StatusOr<const DatasetCamp*> FindCamp(const Dataset& dataset,
                                            absl::string_view camp_id) {
  std::vector<std::string> ids;
  for (const DatasetCamp& camp : dataset.camps()) {
    if (camp.id() == camp_id) return &camp;
    ids.push_back(camp.id());
  }
  constexpr size_t kListed = 20;  // enough to spot a typo, not a wall
  std::string listed = absl::StrJoin(
      ids.begin(), ids.begin() + std::min(ids.size(), kListed), ", ");
  if (ids.size() > kListed) absl::StrAppend(&listed, ", ...");
  return absl::NotFoundError(absl::StrCat(
      "camp '", camp_id, "' is not in dataset ", dataset.manifest_path(),
      ids.empty() ? " (it has no camps)"
                  : absl::StrCat(" (camps: ", listed, ")")));
}

}  // namespace campcount::dataset
