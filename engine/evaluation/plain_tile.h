// Plain PNG/JPEG tiles carry no georeference, but the engine's source needs
// one to know the size of a pixel on the ground. This wraps such a tile in
// a small GDAL VRT (XML, no pixels copied) that adds a nominal one: the
// given GSD in a local metric frame. Only the GSD means anything; results
// are reported in the tile's pixels.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_PLAIN_TILE_H_
#define CAMPCOUNT_ENGINE_EVALUATION_PLAIN_TILE_H_

#include <string>

#include "absl/status/status.h"

namespace campcount::evaluation {

// True for the file names --images mode evaluates: .png, .jpg, .jpeg (any
// case).
bool IsPlainTileName(const std::string& path);

// Writes `vrt_path` presenting `tile_path` at `gsd_m` metres per pixel.
// INVALID_ARGUMENT for a GSD that is not a positive finite number or a
// file GDAL cannot read (both named).
absl::Status WriteNominalGeoreferenceVrt(const std::string& tile_path,
                                         double gsd_m,
                                         const std::string& vrt_path);

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_PLAIN_TILE_H_
