// Picks the image of a camp to estimate a date from: the field case's rule
// is the image taken closest before (or on) the survey / target date, with
// the gap in days kept as a variable (the camp may have changed since).
#ifndef CAMPCOUNT_ENGINE_DATASET_IMAGE_SELECTION_H_
#define CAMPCOUNT_ENGINE_DATASET_IMAGE_SELECTION_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "campcount/v1/dataset.pb.h"

namespace campcount::dataset {

// The latest image dated on or before `target_date` (YYYY-MM-DD) and the
// gap in days. Of several images on that same date, the first listed.
// INVALID_ARGUMENT: target_date or an image date is not a date;
// NOT_FOUND: the camp has no images, or every image is after the date
// (the message names the earliest image date).
absl::StatusOr<campcount::v1::ImageSelection> SelectImageBefore(
    const campcount::v1::DatasetCamp& camp, absl::string_view target_date);

}  // namespace campcount::dataset

#endif  // CAMPCOUNT_ENGINE_DATASET_IMAGE_SELECTION_H_
