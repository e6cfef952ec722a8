// Numbers as a camp manager reads them: thousands separated by commas,
// rounded half away from zero (as people round), never "-0". Shared by
// plugins writing explanations and by clients printing them.
#ifndef CAMPCOUNT_NUMBER_FORMAT_H_
#define CAMPCOUNT_NUMBER_FORMAT_H_

#include <cmath>
#include <cstdint>
#include <string>

#include "absl/strings/str_format.h"

namespace campcount::sdk {
namespace internal {

// "1234567" -> "1,234,567".
inline std::string GroupDigits(const std::string& digits) {
  std::string out;
  const size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace internal

// 1234567 -> "1,234,567"; -1500 -> "-1,500".
inline std::string FormatCount(int64_t value) {
  // Via unsigned so INT64_MIN has a magnitude too.
  const uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value)
                                       : static_cast<uint64_t>(value);
  return (value < 0 ? "-" : "") +
         internal::GroupDigits(std::to_string(magnitude));
}

// Exactly `decimals` places: (12345.678, 1) -> "12,345.7". Non-finite
// values print as "n/a".
inline std::string FormatFixed(double value, int decimals) {
  if (!std::isfinite(value)) return "n/a";
  const double scale = std::pow(10.0, decimals);
  const double rounded = std::round(std::abs(value) * scale) / scale;
  const std::string fixed = absl::StrFormat("%.*f", decimals, rounded);
  const size_t dot = fixed.find('.');
  std::string out = internal::GroupDigits(fixed.substr(0, dot));
  if (dot != std::string::npos) out += fixed.substr(dot);
  const bool is_zero = fixed.find_first_not_of("0.") == std::string::npos;
  return (value < 0 && !is_zero ? "-" : "") + out;
}

// At most `max_decimals` places, trailing zeros dropped: 6170 -> "6,170",
// 1234.5 -> "1,234.5", 4.25 -> "4.25".
inline std::string FormatNumber(double value, int max_decimals = 2) {
  std::string out = FormatFixed(value, max_decimals);
  if (out.find('.') == std::string::npos) return out;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

}  // namespace campcount::sdk

#endif  // CAMPCOUNT_NUMBER_FORMAT_H_
