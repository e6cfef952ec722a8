// Writes one date of a synthetic camp as a georeferenced GeoTIFF, strip by
// strip, so memory stays bounded whatever the image size.
#ifndef CAMPCOUNT_ENGINE_SYNTH_SCENE_GEOTIFF_H_
#define CAMPCOUNT_ENGINE_SYNTH_SCENE_GEOTIFF_H_

#include <string>

#include "absl/status/status.h"
#include "scene_renderer.h"

namespace campcount::synth {

// A tiled (256 px), DEFLATE-compressed, 3-band RGB GeoTIFF in the camp's
// CRS with ACQUISITION_DATE metadata. Written beside `path` and renamed, so
// a failure never leaves a truncated image under the real name.
absl::Status WriteSceneGeoTiff(const SceneRenderer& renderer,
                               const CampSpec& spec, const std::string& path);

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_SCENE_GEOTIFF_H_
