#include "labels_geojson.h"

#include <cmath>
#include <numbers>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace campcount::synth {

absl::StatusOr<std::string> LabelsGeoJson(
    const CampPlan& plan, int date_index,
    const std::vector<const Shelter*>& shelters,
    const LonLatTransform& transform) {
  const CampSpec& spec = plan.spec;
  const ImagingConditions& c = spec.images[date_index];
  const double gsd = spec.gsd_m;
  std::string out = absl::StrFormat(
      "{\"type\": \"FeatureCollection\",\n \"site_id\": %s, \"date\": \"%s\", "
      "\"gsd_m\": %.2f, \"width_px\": %d, \"height_px\": %d, \"synthetic\": "
      "true,\n \"features\": [",
      JsonString(spec.site_id), c.date, gsd, spec.width_px, spec.height_px);
  int id = 0;
  for (const Shelter* s : shelters) {
    absl::StatusOr<std::string> ring = transform.Ring(s->footprint);
    if (!ring.ok()) return ring.status();
    double deg = std::fmod(s->angle * 180.0 / std::numbers::pi, 180.0);
    if (deg < 0) deg += 180.0;
    absl::StrAppendFormat(
        &out,
        "%s\n  {\"type\": \"Feature\", \"properties\": {\"id\": %d, "
        "\"kind\": \"%s\", \"colour\": %s, \"length_m\": %.2f, \"width_m\": "
        "%.2f, \"angle_deg\": %.1f, \"area_m2\": %.2f, \"bbox_px\": [%.2f, "
        "%.2f, %.2f, %.2f]}, \"geometry\": {\"type\": \"Polygon\", "
        "\"coordinates\": [%s]}}",
        id == 0 ? "" : ",", id, KindName(s->kind), JsonString(s->colour_name),
        s->length_m, s->width_m, deg, s->area_m2, s->bounds.xmin / gsd,
        s->bounds.ymin / gsd, s->bounds.xmax / gsd, s->bounds.ymax / gsd,
        *ring);
    ++id;
  }
  out += "\n]}\n";
  return out;
}

absl::StatusOr<std::string> BoundaryGeoJson(const CampPlan& plan,
                                            const LonLatTransform& transform) {
  absl::StatusOr<std::string> ring = transform.Ring(plan.boundary, 20.0);
  if (!ring.ok()) return ring.status();
  return absl::StrFormat(
      "{\"type\": \"Feature\", \"properties\": {\"site_id\": %s, \"name\": "
      "%s}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [%s]}}\n",
      JsonString(plan.spec.site_id), JsonString(plan.spec.name), *ring);
}

}  // namespace campcount::synth
