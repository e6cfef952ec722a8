// Converts an estimate's detections to and from the packed columns the
// records database stores (campcount/v1/stored_detections.proto).
#ifndef CAMPCOUNT_ENGINE_RECORDS_DETECTION_COLUMNS_H_
#define CAMPCOUNT_ENGINE_RECORDS_DETECTION_COLUMNS_H_

#include "campcount/v1/detection.pb.h"
#include "campcount/v1/geometry.pb.h"
#include "campcount/v1/stored_detections.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace campcount::records {

// Appends one detection as a row of `columns`. Its map box is not kept.
void AppendDetection(const campcount::v1::Detection& detection,
                     campcount::v1::DetectionColumns* columns);

// Appends every row of `columns` to `detections`, with the map box computed
// from `geotransform` exactly as the pipeline computed it. Rows beyond the
// shortest column, and class or reason indices out of range (a damaged
// record), are reported as false; the rows before them are kept.
bool ExpandDetections(
    const campcount::v1::DetectionColumns& columns,
    const campcount::v1::GeoTransform& geotransform,
    google::protobuf::RepeatedPtrField<campcount::v1::Detection>* detections);

}  // namespace campcount::records

#endif  // CAMPCOUNT_ENGINE_RECORDS_DETECTION_COLUMNS_H_
