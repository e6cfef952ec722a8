#include "iso_date.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace campcount::dataset {

absl::StatusOr<absl::CivilDay> ParseIsoDate(absl::string_view text) {
  const auto refuse = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not a date in the form YYYY-MM-DD"));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return refuse();
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) {
      return refuse();
    }
  }
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) return refuse();
  // Abseil normalises out-of-range fields (Feb 30 -> Mar 2); a real date
  // prints back exactly as it was written.
  if (absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day()) !=
      text) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not a calendar date"));
  }
  return day;
}

}  // namespace campcount::dataset
