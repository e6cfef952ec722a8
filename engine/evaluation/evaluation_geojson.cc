#include "evaluation_geojson.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "json_text.h"

namespace campcount::evaluation {
namespace {

// The closed ring of a box: lon/lat through the frame, else pixels.
absl::StatusOr<std::string> Ring(const core::Box& box,
                                 const ImageFrame* frame) {
  std::string ring = "[";
  if (frame != nullptr) {
    absl::StatusOr<std::array<LonLat, 4>> corners = frame->ToLonLat(box);
    if (!corners.ok()) return corners.status();
    for (int i = 0; i <= 4; ++i) {
      const LonLat& p = (*corners)[i % 4];
      absl::StrAppendFormat(&ring, "%s[%.8f,%.8f]", i ? "," : "", p.lon, p.lat);
    }
  } else {
    const double xs[5] = {box.xmin, box.xmax, box.xmax, box.xmin, box.xmin};
    const double ys[5] = {box.ymin, box.ymin, box.ymax, box.ymax, box.ymin};
    for (int i = 0; i <= 4; ++i) {
      absl::StrAppendFormat(&ring, "%s[%.2f,%.2f]", i ? "," : "", xs[i], ys[i]);
    }
  }
  return ring + "]";
}

std::string BoxArray(const core::Box& b) {
  return absl::StrFormat("[%.2f,%.2f,%.2f,%.2f]", b.xmin, b.ymin, b.xmax,
                         b.ymax);
}

}  // namespace

absl::StatusOr<std::string> EvaluationGeoJson(
    const std::vector<ImageEvaluation>& images,
    const std::vector<const ImageFrame*>& frames, float threshold,
    double iou_threshold) {
  bool pixel_coordinates = false;
  for (size_t i = 0; i < images.size(); ++i) {
    if (i >= frames.size() || frames[i] == nullptr) pixel_coordinates = true;
  }
  std::string out = absl::StrCat(
      "{\"type\":\"FeatureCollection\",\n\"campcount\":{",
      "\"content\":\"detection evaluation: true positives, false positives "
      "and misses\",",
      "\"score_threshold\":", JsonNumber(threshold), ",",
      "\"iou_threshold\":", JsonNumber(iou_threshold), ",", "\"coordinates\":",
      JsonString(pixel_coordinates
                     ? "image pixels (x right, y down) of each feature's "
                       "image_id; the images carry no georeference"
                     : "EPSG:4326 longitude, latitude"),
      "},\n\"features\":[");
  bool first = true;
  auto add = [&](const ImageEvaluation& image, const ImageFrame* frame,
                 const core::Box& box, const std::string& outcome,
                 const std::string& extra) -> absl::Status {
    absl::StatusOr<std::string> ring = Ring(box, frame);
    if (!ring.ok()) return ring.status();
    absl::StrAppend(
        &out, first ? "\n" : ",\n",
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\","
        "\"coordinates\":[",
        *ring, "]},\"properties\":{\"camp_id\":", JsonString(image.camp_id),
        ",\"image_id\":", JsonString(image.image_id),
        ",\"outcome\":", JsonString(outcome), ",\"bbox_px\":", BoxArray(box),
        extra, "}}");
    first = false;
    return absl::OkStatus();
  };
  for (size_t i = 0; i < images.size(); ++i) {
    const ImageEvaluation& image = images[i];
    const ImageFrame* frame = i < frames.size() ? frames[i] : nullptr;
    for (size_t d = 0; d < image.detections.size(); ++d) {
      const ScoredBox& det = image.detections[d];
      if (det.score < threshold) continue;
      const bool tp = image.match.detection_truth[d] >= 0;
      std::string extra = absl::StrCat(",\"class\":\"tent\",\"score\":",
                                       JsonNumber(det.score, 4));
      if (tp) {
        absl::StrAppend(
            &extra, ",\"iou\":", JsonNumber(image.match.detection_iou[d], 4));
      }
      absl::Status s = add(image, frame, det.box,
                           tp ? "true_positive" : "false_positive", extra);
      if (!s.ok()) return s;
    }
    for (size_t t = 0; t < image.truths.size(); ++t) {
      const int d = image.match.truth_detection[t];
      if (d >= 0 && image.detections[d].score >= threshold) continue;
      absl::Status s = add(
          image, frame, image.truths[t].box, "miss",
          absl::StrCat(",\"class\":", JsonString(image.truths[t].class_name)));
      if (!s.ok()) return s;
    }
  }
  absl::StrAppend(&out, "\n]}\n");
  return out;
}

}  // namespace campcount::evaluation
