// Numbers and tables the way a data team reads them: thousands separators,
// fixed decimals, aligned columns.
#ifndef CAMPCOUNT_CLIENTS_CLI_FORMAT_H_
#define CAMPCOUNT_CLIENTS_CLI_FORMAT_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "campcount/number_format.h"

namespace campcount::cli {

// 1234567 -> "1,234,567"; -1500 -> "-1,500".
using ::campcount::sdk::FormatCount;

// Rounded to exactly `decimals` places, with separators: (12345.678, 1) ->
// "12,345.7". Non-finite values print as "n/a".
inline std::string FormatNumber(double value, int decimals = 0) {
  return ::campcount::sdk::FormatFixed(value, decimals);
}

// Column widths of a UTF-8 string in terminal cells (one per code point;
// good enough for the Latin text and symbols the CLI prints).
size_t DisplayWidth(const std::string& text);

// Left-aligned columns separated by two spaces; the header is printed as
// given (upper-case by convention).
void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows,
                const std::string& indent = "");

// Wraps `text` at `width` cells; continuation lines get `indent`.
std::string Wrap(const std::string& text, size_t width,
                 const std::string& indent);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_FORMAT_H_
