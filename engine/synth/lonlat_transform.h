// Converts a camp's image metres to WGS 84 lon/lat for GeoJSON output.
#ifndef CAMPCOUNT_ENGINE_SYNTH_LONLAT_TRANSFORM_H_
#define CAMPCOUNT_ENGINE_SYNTH_LONLAT_TRANSFORM_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "camp_spec.h"
#include "scene_objects.h"

class OGRCoordinateTransformation;

namespace campcount::synth {

class LonLatTransform {
 public:
  static absl::StatusOr<LonLatTransform> Create(const CampSpec& spec);
  LonLatTransform(LonLatTransform&&) noexcept;
  LonLatTransform& operator=(LonLatTransform&&) noexcept;
  ~LonLatTransform();

  // Image metres (x east, y south of the top-left corner) to lon/lat, in
  // place: x becomes longitude, y latitude.
  absl::Status Apply(std::vector<Point2>& points) const;

  // A closed RFC 7946 ring ("[[lon, lat], ...]"), counterclockwise, first
  // point repeated. `densify_m` > 0 inserts points along long edges.
  absl::StatusOr<std::string> Ring(const std::vector<Point2>& ring_m,
                                   double densify_m = 0) const;

 private:
  LonLatTransform() = default;
  double origin_x_ = 0, origin_y_ = 0;
  std::unique_ptr<OGRCoordinateTransformation> transform_;
};

// Writes `text` to `path` through a temporary file and a rename, so a
// reader never sees a half-written file under the real name.
absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& text);

// A JSON string literal of `text` (quotes included).
std::string JsonString(const std::string& text);

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_LONLAT_TRANSFORM_H_
