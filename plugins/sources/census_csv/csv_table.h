// RFC 4180 CSV split into rows of fields, remembering each row's line, so a
// validation message can say where a value is. Handles quoted fields with
// commas, doubled quotes and line breaks, CRLF line ends and a UTF-8 BOM.
#ifndef CAMPCOUNT_PLUGINS_SOURCES_CENSUS_CSV_CSV_TABLE_H_
#define CAMPCOUNT_PLUGINS_SOURCES_CENSUS_CSV_CSV_TABLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace campcount::plugins {

struct CsvRow {
  // 1-based line on which the row starts.
  int64_t line = 0;
  std::vector<std::string> fields;
};

// Fails (naming `file` and the line) only on an unterminated quote; blank
// lines are skipped.
absl::StatusOr<std::vector<CsvRow>> SplitCsv(std::string_view text,
                                             const std::string& file);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_SOURCES_CENSUS_CSV_CSV_TABLE_H_
