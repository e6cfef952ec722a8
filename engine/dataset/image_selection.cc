#include "image_selection.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "iso_date.h"

namespace campcount::dataset {

absl::StatusOr<campcount::v1::ImageSelection> SelectImageBefore(
    const campcount::v1::DatasetCamp& camp, absl::string_view target_date) {
  absl::StatusOr<absl::CivilDay> target = ParseIsoDate(target_date);
  if (!target.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("target date: ", target.status().message()));
  }
  if (camp.images().empty()) {
    return absl::NotFoundError(
        absl::StrCat("camp '", camp.id(), "' has no images"));
  }
  int best = -1;
  absl::CivilDay best_day;
  std::optional<absl::CivilDay> earliest;
  for (int i = 0; i < camp.images_size(); ++i) {
    absl::StatusOr<absl::CivilDay> day = ParseIsoDate(camp.images(i).date());
    if (!day.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("camp '", camp.id(), "' images[", i,
                       "].date: ", day.status().message()));
    }
    if (!earliest || *day < *earliest) earliest = *day;
    // Strictly later wins, so the first listed of equal dates stays.
    if (*day <= *target && (best < 0 || *day > best_day)) {
      best = i;
      best_day = *day;
    }
  }
  if (best < 0) {
    return absl::NotFoundError(
        absl::StrCat("camp '", camp.id(), "' has no image taken on or before ",
                     target_date, " (its earliest image is from ",
                     absl::FormatCivilTime(*earliest), ")"));
  }
  campcount::v1::ImageSelection selection;
  selection.set_camp_id(camp.id());
  *selection.mutable_image() = camp.images(best);
  selection.set_image_index(best);
  selection.set_target_date(std::string(target_date));
  selection.set_gap_days(static_cast<int32_t>(*target - best_day));
  return selection;
}

}  // namespace campcount::dataset
