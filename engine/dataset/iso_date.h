// Strict ISO 8601 calendar dates (YYYY-MM-DD), as the dataset manifest, the
// census CSV and EstimateRequest.target_date write them.
#ifndef CAMPCOUNT_ENGINE_DATASET_ISO_DATE_H_
#define CAMPCOUNT_ENGINE_DATASET_ISO_DATE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace campcount::dataset {

// Parses "2019-03-14". Refuses anything else, including dates that do not
// exist ("2019-02-30") and unpadded forms ("2019-3-14"), with
// INVALID_ARGUMENT naming the text.
absl::StatusOr<absl::CivilDay> ParseIsoDate(absl::string_view text);

}  // namespace campcount::dataset

#endif  // CAMPCOUNT_ENGINE_DATASET_ISO_DATE_H_
