#include "detection_columns.h"

#include <algorithm>
#include <string>

#include "georeference.h"

namespace campcount::records {
namespace {

// Index of `value` in `table`, appended when new. Tables hold a handful of
// class names and drop reasons, so a linear search beats a map here.
uint32_t Intern(const std::string& value,
                google::protobuf::RepeatedPtrField<std::string>* table) {
  for (int i = table->size() - 1; i >= 0; --i) {
    if ((*table)[i] == value) return static_cast<uint32_t>(i);
  }
  *table->Add() = value;
  return static_cast<uint32_t>(table->size() - 1);
}

}  // namespace

void AppendDetection(const campcount::v1::Detection& detection,
                     campcount::v1::DetectionColumns* columns) {
  const auto& box = detection.pixel_box();
  columns->add_xmin(box.xmin());
  columns->add_ymin(box.ymin());
  columns->add_xmax(box.xmax());
  columns->add_ymax(box.ymax());
  columns->add_score(detection.score());
  columns->add_area_m2(detection.area_m2());
  columns->add_class_index(
      Intern(detection.class_name(), columns->mutable_class_names()));
  columns->add_drop(detection.kept()
                        ? 0
                        : 1 + Intern(detection.drop_reason(),
                                     columns->mutable_drop_reasons()));
}

bool ExpandDetections(
    const campcount::v1::DetectionColumns& columns,
    const campcount::v1::GeoTransform& geotransform,
    google::protobuf::RepeatedPtrField<campcount::v1::Detection>* detections) {
  const int rows = std::min({columns.xmin_size(), columns.ymin_size(),
                             columns.xmax_size(), columns.ymax_size(),
                             columns.score_size(), columns.area_m2_size(),
                             columns.class_index_size(), columns.drop_size()});
  detections->Reserve(detections->size() + rows);
  for (int i = 0; i < rows; ++i) {
    const uint32_t class_index = columns.class_index(i);
    const uint32_t drop = columns.drop(i);
    if (class_index >= static_cast<uint32_t>(columns.class_names_size()) ||
        drop > static_cast<uint32_t>(columns.drop_reasons_size())) {
      return false;
    }
    campcount::v1::Detection* d = detections->Add();
    const core::Box box{columns.xmin(i), columns.ymin(i), columns.xmax(i),
                        columns.ymax(i)};
    auto* pixel = d->mutable_pixel_box();
    pixel->set_xmin(box.xmin);
    pixel->set_ymin(box.ymin);
    pixel->set_xmax(box.xmax);
    pixel->set_ymax(box.ymax);
    *d->mutable_map_box() = core::ToMapBox(geotransform, box);
    d->set_score(columns.score(i));
    d->set_class_name(columns.class_names(class_index));
    d->set_area_m2(columns.area_m2(i));
    d->set_kept(drop == 0);
    if (drop > 0) d->set_drop_reason(columns.drop_reasons(drop - 1));
  }
  const int longest = std::max(
      {columns.xmin_size(), columns.ymin_size(), columns.xmax_size(),
       columns.ymax_size(), columns.score_size(), columns.area_m2_size(),
       columns.class_index_size(), columns.drop_size()});
  return longest == rows;
}

}  // namespace campcount::records
