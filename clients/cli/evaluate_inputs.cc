#include "evaluate_inputs.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "dataset_reader.h"
#include "image_selection.h"
#include "label_file.h"
#include "plain_tile.h"

namespace campcount::cli {
namespace {

namespace fs = std::filesystem;

absl::StatusOr<std::vector<fs::path>> SortedFiles(const std::string& dir,
                                                  const std::string& flag) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    return absl::NotFoundError(
        absl::StrCat(flag, " '", dir, "' is not a directory"));
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  if (error) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot list ", flag, " '", dir, "': ", error.message()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The label file of the tile `stem` among `files`.
absl::StatusOr<std::string> LabelFileOf(const fs::path& tile,
                                        const std::vector<fs::path>& files,
                                        const std::string& label_dir) {
  const std::string stem = tile.stem().string();
  std::vector<std::string> known, unknown;
  for (const fs::path& f : files) {
    // TILE.ext or TILE.labels.ext; not TILE.png.aux.xml (GDAL's sidecar).
    const std::string name = f.filename().string();
    const std::string base = f.stem().string();
    if ((base != stem && base != stem + ".labels") || f == tile ||
        evaluation::IsPlainTileName(name)) {
      continue;
    }
    (evaluation::LabelFormatOf(f.string()).ok() ? known : unknown)
        .push_back(f.string());
  }
  if (known.size() == 1) return known.front();
  if (known.size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("tile '", tile.string(), "' has several label files: ",
                     absl::StrJoin(known, ", "), "; keep one"));
  }
  if (!unknown.empty()) {
    return evaluation::LabelFormatOf(unknown.front()).status();
  }
  return absl::NotFoundError(
      absl::StrCat("no labels for tile '", tile.string(), "' in '", label_dir,
                   "' (looked for ", stem, ".txt, .xml, .geojson or .json)"));
}

}  // namespace

absl::StatusOr<std::vector<EvaluationInput>> InputsFromDataset(
    const campcount::v1::Dataset& dataset, const DatasetSelection& selection,
    std::vector<std::string>* skipped) {
  std::vector<const campcount::v1::DatasetCamp*> camps;
  if (selection.camp_ids.empty()) {
    for (const auto& camp : dataset.camps()) camps.push_back(&camp);
  } else {
    for (const std::string& id : selection.camp_ids) {
      absl::StatusOr<const campcount::v1::DatasetCamp*> camp =
          dataset::FindCamp(dataset, id);
      if (!camp.ok()) return camp.status();
      camps.push_back(*camp);
    }
  }
  auto camp_index_of = [&](const campcount::v1::DatasetCamp& camp) {
    int index = 0;
    while (&dataset.camps(index) != &camp) ++index;
    return index;
  };
  std::vector<EvaluationInput> inputs;
  for (size_t c = 0; c < camps.size(); ++c) {
    const campcount::v1::DatasetCamp& camp = *camps[c];
    const int camp_index = static_cast<int>(camp_index_of(camp));
    std::vector<int> images;
    if (selection.target_date.empty()) {
      for (int j = 0; j < camp.images_size(); ++j) images.push_back(j);
    } else {
      absl::StatusOr<campcount::v1::ImageSelection> chosen =
          dataset::SelectImageBefore(camp, selection.target_date);
      if (absl::IsNotFound(chosen.status())) {
        skipped->push_back(
            absl::StrCat(camp.id(), ": ", chosen.status().message()));
        continue;
      }
      if (!chosen.ok()) return chosen.status();
      images.push_back(chosen->image_index());
    }
    for (int j : images) {
      const campcount::v1::DatasetImage* image = &camp.images(j);
      if (image->labels().empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            dataset.manifest_path(), ": image '", image->id(), "' of camp '",
            camp.id(), "' has no 'labels' to evaluate against"));
      }
      EvaluationInput input;
      input.camp_id = camp.id();
      input.image_id = image->id();
      input.image_path = image->path();
      input.labels_path = image->labels();
      input.labels_origin =
          absl::StrCat(dataset.manifest_path(), ": camps[", camp_index,
                       "].images[", j, "].labels");
      inputs.push_back(std::move(input));
    }
  }
  return inputs;
}

absl::StatusOr<std::vector<EvaluationInput>> InputsFromTiles(
    const std::string& tile_dir, const std::string& label_dir) {
  absl::StatusOr<std::vector<fs::path>> tiles =
      SortedFiles(tile_dir, "--images");
  if (!tiles.ok()) return tiles.status();
  absl::StatusOr<std::vector<fs::path>> labels =
      SortedFiles(label_dir, "--labels");
  if (!labels.ok()) return labels.status();
  std::vector<EvaluationInput> inputs;
  std::set<std::string> ids;
  for (const fs::path& tile : *tiles) {
    if (!evaluation::IsPlainTileName(tile.string())) continue;
    EvaluationInput input;
    input.image_id = tile.stem().string();
    if (!ids.insert(input.image_id).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "two tiles in '", tile_dir, "' are named '", input.image_id,
          "' (different extensions); their labels would be ambiguous"));
    }
    input.camp_id = input.image_id;
    input.image_path = fs::absolute(tile).lexically_normal().string();
    absl::StatusOr<std::string> label = LabelFileOf(tile, *labels, label_dir);
    if (!label.ok()) return label.status();
    input.labels_path = *label;
    input.labels_origin = absl::StrCat("labels of tile '", tile.string(), "'");
    input.georeferenced = false;
    inputs.push_back(std::move(input));
  }
  if (inputs.empty()) {
    return absl::NotFoundError(absl::StrCat(
        "--images '", tile_dir, "' holds no .png, .jpg or .jpeg tiles"));
  }
  return inputs;
}

}  // namespace campcount::cli
