#include "census_check.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "campcount/number_format.h"
#include "civil_date.h"

namespace campcount::plugins {

using ::campcount::sdk::FormatCount;

std::optional<int> DaysFromTo(const std::string& from, const std::string& to) {
  auto a = stats::ParseIsoDate(from);
  auto b = stats::ParseIsoDate(to);
  if (!a || !b) return std::nullopt;
  return static_cast<int>(*b - *a);
}

std::optional<campcount::v1::CensusRecord> CensusNear(
    const google::protobuf::RepeatedPtrField<campcount::v1::CensusEntry>&
        census,
    const std::string& target_date, int max_days) {
  std::optional<campcount::v1::CensusRecord> best;
  int best_days = max_days + 1;
  for (const auto& entry : census) {
    if (entry.stale()) continue;
    auto days = DaysFromTo(entry.record().survey_date(), target_date);
    if (!days) continue;
    if (std::abs(*days) < best_days) {
      best_days = std::abs(*days);
      best = entry.record();
    }
  }
  return best;
}

std::string CensusOutsideIntervalWarning(
    const campcount::v1::CensusRecord& census,
    const campcount::v1::Interval& interval) {
  const double count = double(census.individuals());
  if (count > interval.upper()) {
    return absl::StrCat(
        "Possible shelter shortage: the census of ", census.survey_date(),
        " counted ", FormatCount(census.individuals()),
        " people, above this estimate's upper end of ",
        FormatCount(std::llround(interval.upper())),
        ". People without a tent are invisible to the imagery; check "
        "whether households lack shelter.");
  }
  if (count < interval.lower()) {
    return absl::StrCat(
        "The census of ", census.survey_date(), " counted ",
        FormatCount(census.individuals()),
        " people, below this estimate's lower end of ",
        FormatCount(std::llround(interval.lower())),
        ": empty shelters, a stale census or false detections.");
  }
  return "";
}

std::string FormatCoefficient(double value) {
  if (!std::isfinite(value)) return "n/a";
  if (value == 0) return "0";
  const int magnitude =
      static_cast<int>(std::floor(std::log10(std::fabs(value))));
  const int decimals = std::max(0, 3 - magnitude);
  return sdk::FormatNumber(value, decimals);
}

}  // namespace campcount::plugins
