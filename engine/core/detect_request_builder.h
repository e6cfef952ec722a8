// Builds a DetectRequest's wire bytes straight from the source's serialized
// Tile bytes, so tile pixels are copied once on their way from the source
// plugin to the detector plugin instead of being parsed into a Tile and
// serialized again (each tile is ~0.8 MB; the copies were a large share of
// the engine's own time per tile).
#ifndef CAMPCOUNT_ENGINE_CORE_DETECT_REQUEST_BUILDER_H_
#define CAMPCOUNT_ENGINE_CORE_DETECT_REQUEST_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace campcount::core {

class DetectRequestBuilder {
 public:
  // `expected_tile_bytes` sizes the buffer once for a whole batch.
  explicit DetectRequestBuilder(size_t expected_bytes = 0);

  // Appends one campcount.v1.Tile given as its wire bytes, with its index
  // set to `index` (whatever the source put there) and its gsd_m set to
  // `fallback_gsd_m` when the source left it unset or non-positive. Fails,
  // appending nothing, when the bytes are not a readable Tile.
  absl::Status AppendTile(absl::string_view tile_bytes, int64_t index,
                          double fallback_gsd_m);

  // The request so far, with score_threshold set to `threshold` and, when
  // the detector runs a model, the model and version every tile must run on;
  // the builder is empty afterwards.
  std::string Finish(float score_threshold, absl::string_view model = "",
                     absl::string_view model_version = "");

  int tile_count() const { return tile_count_; }

 private:
  std::string bytes_;
  int tile_count_ = 0;
};

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_DETECT_REQUEST_BUILDER_H_
