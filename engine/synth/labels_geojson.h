// Ground truth as GeoJSON: the shelters standing in one image, and the camp
// boundary (formats fixed in docs/synthetic-data.md).
#ifndef CAMPCOUNT_ENGINE_SYNTH_LABELS_GEOJSON_H_
#define CAMPCOUNT_ENGINE_SYNTH_LABELS_GEOJSON_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "camp_plan.h"
#include "lonlat_transform.h"

namespace campcount::synth {

// An RFC 7946 FeatureCollection: one Polygon Feature per shelter with kind,
// colour, length_m, width_m, angle_deg, area_m2 and bbox_px (the footprint's
// axis-aligned box in the image's pixels, x right, y down, max exclusive).
absl::StatusOr<std::string> LabelsGeoJson(
    const CampPlan& plan, int date_index,
    const std::vector<const Shelter*>& shelters,
    const LonLatTransform& transform);

// An RFC 7946 Feature with the camp's boundary Polygon.
absl::StatusOr<std::string> BoundaryGeoJson(const CampPlan& plan,
                                            const LonLatTransform& transform);

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_LABELS_GEOJSON_H_
