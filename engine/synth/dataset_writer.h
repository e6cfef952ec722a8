// `campcount synth`: writes a whole synthetic dataset (images, labels,
// boundaries, census, dataset.json) in the layout every other command reads.
#ifndef CAMPCOUNT_ENGINE_SYNTH_DATASET_WRITER_H_
#define CAMPCOUNT_ENGINE_SYNTH_DATASET_WRITER_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "camp_spec.h"
#include "population.h"

namespace campcount::synth {

inline constexpr char kDatasetFormat[] = "campcount-dataset/1";
inline constexpr char kGeneratorVersion[] = "0.1.0";

struct DatasetOptions {
  int camps = 20;
  uint64_t seed = 1;
  int dates = 3;
  std::string out_dir;
  // Worker threads rendering images; 0: one per core, at most 4.
  int threads = 0;
  OccupancyModel occupancy;
  // Called after each image, from any worker thread (serialised).
  std::function<void(int done, int total)> progress;
};

struct DatasetSummary {
  std::string manifest_path;  // DIR/dataset.json
  int camps = 0;
  int images = 0;
  int64_t tents = 0;  // over all images
  int64_t surveys = 0;
};

// Writes DIR/camps/<site>/{boundary.geojson, <date>.tif,
// <date>.labels.geojson}, DIR/census.csv and last DIR/dataset.json (through
// a temporary file and a rename). An existing DIR/dataset.json is removed
// first, so a failed run never leaves a manifest that claims completeness.
absl::StatusOr<DatasetSummary> WriteDataset(const DatasetOptions& options);

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_DATASET_WRITER_H_
