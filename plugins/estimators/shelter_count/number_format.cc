#include "number_format.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace campcount::plugins {

std::string FormatNumber(double value, int max_decimals) {
  if (!std::isfinite(value)) return absl::StrFormat("%f", value);
  std::string digits = absl::StrFormat("%.*f", max_decimals, std::abs(value));
  std::string fraction;
  if (const size_t dot = digits.find('.'); dot != std::string::npos) {
    fraction = digits.substr(dot);
    digits.resize(dot);
    while (!fraction.empty() &&
           (fraction.back() == '0' || fraction.back() == '.')) {
      fraction.pop_back();
    }
  }
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  // "-0" would read oddly after rounding a tiny negative number.
  const bool negative = value < 0 && (grouped != "0" || !fraction.empty());
  return (negative ? "-" : "") + grouped + fraction;
}

}  // namespace campcount::plugins
