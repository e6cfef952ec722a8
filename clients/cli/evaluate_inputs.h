// The images `campcount evaluate` runs the detector on, with their labels:
// from a dataset manifest (every image, or the one per camp selected for a
// date) or from a directory of plain PNG/JPEG tiles and a directory of
// label files.
#ifndef CAMPCOUNT_CLIENTS_CLI_EVALUATE_INPUTS_H_
#define CAMPCOUNT_CLIENTS_CLI_EVALUATE_INPUTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "campcount/v1/dataset.pb.h"

namespace campcount::cli {

struct EvaluationInput {
  std::string camp_id;
  std::string image_id;
  // The image file (GeoTIFF of a dataset, or the PNG/JPEG tile).
  std::string image_path;
  std::string labels_path;
  // Where the labels path came from, for errors: "<manifest>:
  // camps[0].images[2].labels" or "labels of tile '<path>'".
  std::string labels_origin;
  // False for plain tiles: results are in the tile's pixels and the engine
  // is given a nominal georeference at the --gsd.
  bool georeferenced = true;
};

struct DatasetSelection {
  // Only these camps (empty: all). An id not in the dataset is an error.
  std::vector<std::string> camp_ids;
  // Non-empty: per camp, only the image taken closest before this date
  // (camps with no image before it are skipped and listed in `skipped`).
  std::string target_date;
};

absl::StatusOr<std::vector<EvaluationInput>> InputsFromDataset(
    const campcount::v1::Dataset& dataset, const DatasetSelection& selection,
    std::vector<std::string>* skipped);

// Every .png/.jpg/.jpeg in `tile_dir` (sorted by name) and its label file in
// `label_dir`: the file named like the tile with a label extension (.txt,
// .xml, .geojson, .json; "tile.labels.geojson" also matches "tile.png").
// Errors name the tile and what was looked for; a label file in a format
// not understood is reported as such.
absl::StatusOr<std::vector<EvaluationInput>> InputsFromTiles(
    const std::string& tile_dir, const std::string& label_dir);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_EVALUATE_INPUTS_H_
