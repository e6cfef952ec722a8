#include "format.h"


#include "absl/strings/str_split.h"

namespace campcount::cli {

size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++width;  // count code points, not bytes
  }
  return width;
}

void PrintTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows,
                const std::string& indent) {
  std::vector<size_t> widths(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  };
  measure(header);
  for (const auto& row : rows) measure(row);
  auto print = [&](const std::vector<std::string>& row) {
    std::string line = indent;
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) {
        line.append(widths[i] - DisplayWidth(row[i]) + 2, ' ');
      }
    }
    out << line << "\n";
  };
  print(header);
  for (const auto& row : rows) print(row);
}

std::string Wrap(const std::string& text, size_t width,
                 const std::string& indent) {
  std::string out;
  size_t line_width = 0;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    const size_t w = DisplayWidth(std::string(word));
    if (line_width > 0 && line_width + 1 + w > width) {
      out += "\n" + indent;
      line_width = 0;
    } else if (line_width > 0) {
      out += ' ';
      ++line_width;
    }
    out.append(word.data(), word.size());
    line_width += w;
  }
  return out;
}

}  // namespace campcount::cli
