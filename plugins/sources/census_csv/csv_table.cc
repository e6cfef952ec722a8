#include "csv_table.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace campcount::plugins {

absl::StatusOr<std::vector<CsvRow>> SplitCsv(std::string_view text,
                                             const std::string& file) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  int64_t line = 1;
  int64_t quote_line = 0;
  bool in_quotes = false;
  bool row_has_content = false;
  row.line = 1;
  auto end_row = [&] {
    row.fields.push_back(std::move(field));
    field.clear();
    if (row_has_content || row.fields.size() > 1)
      rows.push_back(std::move(row));
    row = CsvRow();
    row_has_content = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      in_quotes = true;
      quote_line = line;
      row_has_content = true;
    } else if (c == ',') {
      row.fields.push_back(std::move(field));
      field.clear();
      row_has_content = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      // CRLF: the \n ends the row.
    } else if (c == '\n') {
      end_row();
      ++line;
      row.line = line;
    } else {
      field.push_back(c);
      row_has_content = true;
    }
  }
  if (in_quotes) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ":", quote_line,
                     ": a quoted field is never closed (missing '\"')"));
  }
  if (row_has_content || !field.empty()) end_row();
  return rows;
}

}  // namespace campcount::plugins
