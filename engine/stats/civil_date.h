// Calendar dates as the census and image metadata write them (YYYY-MM-DD).
#ifndef CAMPCOUNT_ENGINE_STATS_CIVIL_DATE_H_
#define CAMPCOUNT_ENGINE_STATS_CIVIL_DATE_H_

#include <optional>
#include <string>

#include "absl/time/civil_time.h"

namespace campcount::stats {

// The day, or nullopt when `text` is not a real calendar date in
// YYYY-MM-DD form (2019-02-30 is not).
std::optional<absl::CivilDay> ParseIsoDate(const std::string& text);

std::string FormatIsoDate(absl::CivilDay day);

}  // namespace campcount::stats

#endif  // CAMPCOUNT_ENGINE_STATS_CIVIL_DATE_H_
