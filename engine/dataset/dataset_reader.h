// Reads the dataset manifest (DIR/dataset.json, "campcount-dataset/1") that
// `campcount synth` writes: parses it, resolves its relative paths against
// the manifest's directory and validates it, so every later command can use
// the paths and values without checking them again.
#ifndef CAMPCOUNT_ENGINE_DATASET_DATASET_READER_H_
#define CAMPCOUNT_ENGINE_DATASET_DATASET_READER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "campcount/v1/dataset.pb.h"

namespace campcount::dataset {

inline constexpr char kDatasetFormat[] = "campcount-dataset/1";
inline constexpr char kManifestFileName[] = "dataset.json";

// Reads `path` (the manifest, or the directory holding dataset.json).
// On success every path in the result (census_csv, boundary, images[].path,
// images[].labels) is absolute and names an existing file; GDAL virtual
// file system paths (/vsicurl/..., /vsizip/...) are kept as written and not
// checked here (GDAL reports them when it opens them).
// Errors name the manifest and the JSON field, e.g.
//   "/d/dataset.json: camps[3].images[1].path: /d/x.tif does not exist"
// NOT_FOUND: the manifest or a file it names is missing;
// INVALID_ARGUMENT: malformed JSON, wrong format tag, a gsd_m <= 0, a date
// that is not YYYY-MM-DD, a missing or duplicate id.
absl::StatusOr<campcount::v1::Dataset> ReadDataset(const std::string& path);

// Same checks on manifest text already in memory; `root_dir` is what
// relative paths resolve against, `label` names the manifest in errors.
absl::StatusOr<campcount::v1::Dataset> ParseDataset(absl::string_view json,
                                                    const std::string& root_dir,
                                                    const std::string& label);

// The camp with this id; NOT_FOUND listing the ids there are.
absl::StatusOr<const campcount::v1::DatasetCamp*> FindCamp(
    const campcount::v1::Dataset& dataset, absl::string_view camp_id);

}  // namespace campcount::dataset

#endif  // CAMPCOUNT_ENGINE_DATASET_DATASET_READER_H_
