#include "synthetic_uri.h"

#include <set>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "camp_spec.h"

namespace campcount::plugins {
namespace {

constexpr char kScheme[] = "synthetic:";
constexpr char kExample[] = "synthetic:seed=7&camp=4&date=1";

absl::Status Bad(const std::string& uri, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat("synthetic scene URI '", uri,
                                                 "': ", why, " (expected e.g. ",
                                                 kExample, ")"));
}

}  // namespace

absl::StatusOr<SyntheticUri> ParseSyntheticUri(const std::string& uri) {
  absl::string_view rest = uri;
  if (!absl::ConsumePrefix(&rest, kScheme)) {
    return Bad(uri, "does not start with 'synthetic:'");
  }
  SyntheticUri out;
  std::set<std::string> seen;
  for (absl::string_view part : absl::StrSplit(rest, '&', absl::SkipEmpty())) {
    const std::vector<std::string> kv =
        absl::StrSplit(part, absl::MaxSplits('=', 1));
    if (kv.size() != 2 || kv[0].empty()) {
      return Bad(uri, absl::StrCat("'", part, "' is not key=value"));
    }
    const std::string& key = kv[0];
    const std::string& value = kv[1];
    if (!seen.insert(key).second) {
      return Bad(uri, absl::StrCat("'", key, "' is given twice"));
    }
    if (key == "seed") {
      if (!absl::SimpleAtoi(value, &out.seed)) {
        return Bad(
            uri, absl::StrCat("seed '", value, "' is not a whole number >= 0"));
      }
    } else if (key == "camp") {
      absl::string_view number = value;
      absl::ConsumePrefix(&number, "AD_S");
      int camp = 0;
      if (!absl::SimpleAtoi(number, &camp) || camp < 1 ||
          camp > synth::kMaxCamps) {
        return Bad(uri, absl::StrCat("camp '", value, "' is not 1..",
                                     synth::kMaxCamps, " or AD_S001.."));
      }
      out.camp_index = camp - 1;
    } else if (key == "date") {
      int index = 0;
      int64_t day = 0;
      if (absl::SimpleAtoi(value, &index) && index >= 0) {
        out.date_index = index;
      } else if (synth::ParseDay(value, &day)) {
        out.date = value;
      } else {
        return Bad(uri, absl::StrCat("date '", value,
                                     "' is neither an index >= 0 nor "
                                     "YYYY-MM-DD"));
      }
    } else if (key == "dates") {
      if (!absl::SimpleAtoi(value, &out.dates) || out.dates < 1 ||
          out.dates > synth::kMaxDates) {
        return Bad(uri, absl::StrCat("dates '", value, "' is not 1..",
                                     synth::kMaxDates));
      }
    } else if (key == "boundary") {
      if (value != "camp" && value != "none") {
        return Bad(uri, absl::StrCat("boundary '", value,
                                     "' is neither 'camp' nor 'none'"));
      }
      out.camp_boundary = value == "camp";
    } else {
      return Bad(uri, absl::StrCat("unknown key '", key, "'"));
    }
  }
  for (const char* required : {"seed", "camp", "date"}) {
    if (seen.count(required) == 0) {
      return Bad(uri, absl::StrCat("'", required, "' is missing"));
    }
  }
  return out;
}

}  // namespace campcount::plugins
