// Reads census surveys from CSV text in the layout of displacement-tracking
// site assessments (and campcount synth's census.csv), and checks them.
//
// Every problem names the file, line and column. Hard problems (a required
// column missing, a count that is not a whole number >= 0, a date that does
// not exist, percentages that do not sum to 100 ± 0.5, the same survey
// twice) fail the read with all of them listed, or, with skip_invalid_rows,
// drop those rows and report them as warnings. A survey that repeats the
// previous round's individuals exactly is kept but marked stale: the field
// case found such copied counts and left them out of fitting.
#ifndef CAMPCOUNT_PLUGINS_SOURCES_CENSUS_CSV_CENSUS_TABLE_H_
#define CAMPCOUNT_PLUGINS_SOURCES_CENSUS_CSV_CENSUS_TABLE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "campcount/v1/census.pb.h"

namespace campcount::plugins {

struct CensusReadOptions {
  bool skip_invalid_rows = false;
  // Percentages may miss 100 by this much (rounding to one decimal).
  double percent_tolerance = 0.5;
  // At most this many problems are listed in a failed read's message.
  int max_listed_problems = 20;
};

absl::StatusOr<campcount::v1::ReadCensusResponse> ParseCensusCsv(
    std::string_view text, const std::string& file,
    const CensusReadOptions& options);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_SOURCES_CENSUS_CSV_CENSUS_TABLE_H_
