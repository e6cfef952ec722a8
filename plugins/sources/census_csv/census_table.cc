#include "census_table.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "civil_date.h"
#include "csv_table.h"

namespace campcount::plugins {
namespace {

using campcount::v1::CensusEntry;
using campcount::v1::CensusIssue;
using campcount::v1::CensusRecord;

// Without these a survey cannot be matched to a camp, a date or a count.
constexpr const char* kRequiredColumns[] = {
    "site_id", "survey_round", "survey_date", "households", "individuals"};
constexpr const char* kPercentColumns[] = {"pct_no_shelter", "pct_tents",
                                           "pct_makeshift"};
constexpr const char* kTextColumns[] = {"site_name", "state", "lga", "ward"};

class RowReader {
 public:
  RowReader(const std::string& file, const CsvRow& row,
            const std::map<std::string, size_t>& columns)
      : file_(file), row_(row), columns_(columns) {}

  bool Has(const std::string& column) const {
    return columns_.count(column) > 0;
  }
  std::string Text(const std::string& column) const {
    auto it = columns_.find(column);
    if (it == columns_.end() || it->second >= row_.fields.size()) return "";
    return std::string(absl::StripAsciiWhitespace(row_.fields[it->second]));
  }

  // A whole number >= 0 (counts of people and households).
  std::optional<int64_t> Count(const std::string& column) {
    const std::string text = Text(column);
    double value = 0;
    if (text.empty()) return Problem(column, "is empty; expected a count");
    if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
      return Problem(column, absl::StrCat("'", text, "' is not a number"));
    }
    if (value < 0) {
      return Problem(column, absl::StrCat(text, " is negative"));
    }
    if (value != std::floor(value)) {
      return Problem(column, absl::StrCat(text, " is not a whole number"));
    }
    return static_cast<int64_t>(value);
  }

  std::optional<double> Number(const std::string& column, double min,
                               double max) {
    const std::string text = Text(column);
    double value = 0;
    if (text.empty()) return Problem(column, "is empty; expected a number");
    if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
      return Problem(column, absl::StrCat("'", text, "' is not a number"));
    }
    if (value < min || value > max) {
      return Problem(column,
                     absl::StrCat(text, " is outside ", min, "..", max));
    }
    return value;
  }

  std::nullopt_t Problem(const std::string& column,
                         const std::string& message) {
    problems_.push_back(Issue(column, message));
    return std::nullopt;
  }

  CensusIssue Issue(const std::string& column,
                    const std::string& message) const {
    CensusIssue issue;
    issue.set_line(row_.line);
    issue.set_column(column);
    issue.set_message(absl::StrCat(file_, ":", row_.line, ": column ", column,
                                   ": ", message));
    return issue;
  }

  std::vector<CensusIssue>& problems() { return problems_; }

 private:
  const std::string& file_;
  const CsvRow& row_;
  const std::map<std::string, size_t>& columns_;
  std::vector<CensusIssue> problems_;
};

absl::Status Failed(const std::string& file,
                    const std::vector<CensusIssue>& problems, int max_listed) {
  std::vector<std::string> lines;
  for (const CensusIssue& p : problems) {
    if (static_cast<int>(lines.size()) == max_listed) {
      lines.push_back(
          absl::StrCat("... and ", problems.size() - max_listed, " more"));
      break;
    }
    lines.push_back(p.message());
  }
  return absl::InvalidArgumentError(
      absl::StrCat("census file ", file, " has ", problems.size(),
                   " problem(s):\n", absl::StrJoin(lines, "\n")));
}

}  // namespace

absl::StatusOr<campcount::v1::ReadCensusResponse> ParseCensusCsv(
    std::string_view text, const std::string& file,
    const CensusReadOptions& options) {
  absl::StatusOr<std::vector<CsvRow>> rows = SplitCsv(text, file);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("census file ", file, " is empty (no header row)"));
  }
  std::map<std::string, size_t> columns;
  const CsvRow& header = rows->front();
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name =
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(header.fields[i]));
    if (name.empty()) continue;
    if (!columns.emplace(name, i).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          file, ":1: column ", name, " appears twice in the header"));
    }
  }
  std::vector<std::string> missing;
  for (const char* name : kRequiredColumns) {
    if (columns.count(name) == 0) missing.push_back(name);
  }
  int percent_columns = 0;
  for (const char* name : kPercentColumns)
    percent_columns += columns.count(name);
  if (percent_columns > 0 && percent_columns < 3) {
    for (const char* name : kPercentColumns) {
      if (columns.count(name) == 0) missing.push_back(name);
    }
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        file, ":1: missing column(s) ", absl::StrJoin(missing, ", "),
        " (the header has: ", absl::StrJoin(header.fields, ", "), ")"));
  }

  campcount::v1::ReadCensusResponse response;
  std::vector<CensusIssue> problems;
  std::vector<CensusEntry> entries;
  // (site, round) and (site, date) seen so far -> line, for duplicates.
  std::map<std::pair<std::string, int64_t>, int64_t> seen_rounds;
  std::map<std::pair<std::string, std::string>, int64_t> seen_dates;
  for (size_t r = 1; r < rows->size(); ++r) {
    const CsvRow& row = (*rows)[r];
    RowReader reader(file, row, columns);
    if (row.fields.size() != header.fields.size()) {
      reader.Problem(
          "*", absl::StrCat("has ", row.fields.size(),
                            " fields; the header has ", header.fields.size()));
    }
    CensusRecord record;
    record.set_site_id(reader.Text("site_id"));
    if (record.site_id().empty()) reader.Problem("site_id", "is empty");
    for (const char* name : kTextColumns) {
      const std::string value = reader.Text(name);
      if (std::string(name) == "site_name") record.set_site_name(value);
      if (std::string(name) == "state") record.set_state(value);
      if (std::string(name) == "lga") record.set_lga(value);
      if (std::string(name) == "ward") record.set_ward(value);
    }
    if (reader.Has("latitude") && !reader.Text("latitude").empty()) {
      record.set_latitude(reader.Number("latitude", -90, 90).value_or(0));
    }
    if (reader.Has("longitude") && !reader.Text("longitude").empty()) {
      record.set_longitude(reader.Number("longitude", -180, 180).value_or(0));
    }
    const std::optional<int64_t> round = reader.Count("survey_round");
    if (round) record.set_survey_round(static_cast<int32_t>(*round));
    const std::string date = reader.Text("survey_date");
    if (!stats::ParseIsoDate(date).has_value()) {
      reader.Problem("survey_date",
                     absl::StrCat("'", date,
                                  "' is not a calendar date in YYYY-MM-DD "
                                  "form"));
    }
    record.set_survey_date(date);
    const std::optional<int64_t> households = reader.Count("households");
    const std::optional<int64_t> individuals = reader.Count("individuals");
    if (households) record.set_households(*households);
    if (individuals) record.set_individuals(*individuals);
    if (households && individuals && *individuals < *households) {
      reader.Problem("individuals",
                     absl::StrCat(*individuals, " people in ", *households,
                                  " households: fewer people than households"));
    }
    if (percent_columns == 3) {
      const auto none = reader.Number("pct_no_shelter", 0, 100);
      const auto tents = reader.Number("pct_tents", 0, 100);
      const auto makeshift = reader.Number("pct_makeshift", 0, 100);
      if (none && tents && makeshift) {
        record.set_pct_no_shelter(*none);
        record.set_pct_tents(*tents);
        record.set_pct_makeshift(*makeshift);
        const double sum = *none + *tents + *makeshift;
        if (std::fabs(sum - 100) > options.percent_tolerance) {
          reader.Problem(
              "pct_no_shelter+pct_tents+pct_makeshift",
              absl::StrCat("the shares sum to ", sum, ", not 100 (± ",
                           options.percent_tolerance, ")"));
        }
      }
    }
    if (!record.site_id().empty() && round) {
      auto [it, inserted] =
          seen_rounds.emplace(std::pair{record.site_id(), *round}, row.line);
      if (!inserted) {
        reader.Problem("survey_round",
                       absl::StrCat("site ", record.site_id(), " round ",
                                    *round, " already appears on line ",
                                    it->second, " (duplicate survey)"));
      }
    }
    if (!record.site_id().empty() && !date.empty()) {
      auto [it, inserted] =
          seen_dates.emplace(std::pair{record.site_id(), date}, row.line);
      if (!inserted && reader.problems().empty()) {
        reader.Problem("survey_date", absl::StrCat("site ", record.site_id(),
                                                   " was already "
                                                   "surveyed on ",
                                                   date, " (line ", it->second,
                                                   "; duplicate survey)"));
      }
    }
    if (!reader.problems().empty()) {
      for (CensusIssue& p : reader.problems()) problems.push_back(std::move(p));
      continue;
    }
    CensusEntry entry;
    *entry.mutable_record() = std::move(record);
    entry.set_line(row.line);
    entries.push_back(std::move(entry));
  }
  if (!problems.empty()) {
    if (!options.skip_invalid_rows) {
      return Failed(file, problems, options.max_listed_problems);
    }
    for (CensusIssue& p : problems) {
      p.set_severity(CensusIssue::SEVERITY_WARNING);
      p.set_message(absl::StrCat(p.message(), " (row skipped)"));
      *response.add_issues() = std::move(p);
    }
  }

  // Sorted by site and date, so "the previous round" is the survey before.
  std::stable_sort(
      entries.begin(), entries.end(),
      [](const CensusEntry& a, const CensusEntry& b) {
        return std::tie(a.record().site_id(), a.record().survey_date()) <
               std::tie(b.record().site_id(), b.record().survey_date());
      });
  for (size_t i = 1; i < entries.size(); ++i) {
    const CensusRecord& previous = entries[i - 1].record();
    const CensusRecord& current = entries[i].record();
    if (previous.site_id() != current.site_id()) continue;
    if (current.individuals() != previous.individuals()) continue;
    entries[i].set_stale(true);
    CensusIssue issue;
    issue.set_severity(CensusIssue::SEVERITY_EXCLUDED);
    issue.set_line(entries[i].line());
    issue.set_column("individuals");
    issue.set_message(absl::StrCat(
        file, ":", entries[i].line(), ": column individuals: site ",
        current.site_id(), " round ", current.survey_round(), " (",
        current.survey_date(), ") repeats the previous round's count of ",
        current.individuals(), " exactly (line ", entries[i - 1].line(),
        "); likely a copied survey, left out of fitting"));
    *response.add_issues() = std::move(issue);
  }
  for (CensusEntry& e : entries) *response.add_entries() = std::move(e);
  return response;
}

}  // namespace campcount::plugins
