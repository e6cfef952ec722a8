// The evaluation's boxes as one GeoJSON FeatureCollection: every true
// positive, false positive (at the operating threshold) and missed tent,
// so a reviewer can open them over the imagery in any GIS.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_EVALUATION_GEOJSON_H_
#define CAMPCOUNT_ENGINE_EVALUATION_EVALUATION_GEOJSON_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "image_evaluation.h"
#include "image_frame.h"

namespace campcount::evaluation {

// `frames[i]` places images[i] on the ground: its boxes are written as
// RFC 7946 lon/lat polygons. When it is null (a plain PNG/JPEG tile) the
// polygons are in that image's pixels (x right, y down) and the collection
// says so in its "campcount" member, as RFC 7946 allows only lon/lat.
// Every feature carries camp_id, image_id, outcome ("true_positive",
// "false_positive", "miss"), class, bbox_px and, for detections, score
// (and iou for true positives).
absl::StatusOr<std::string> EvaluationGeoJson(
    const std::vector<ImageEvaluation>& images,
    const std::vector<const ImageFrame*>& frames, float threshold,
    double iou_threshold = kDefaultIouThreshold);

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_EVALUATION_GEOJSON_H_
