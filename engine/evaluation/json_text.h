// Minimal JSON text helpers for the evaluation's hand-written outputs
// (GeoJSON and the report), whose shape protobuf's printer cannot give.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_JSON_TEXT_H_
#define CAMPCOUNT_ENGINE_EVALUATION_JSON_TEXT_H_

#include <cmath>
#include <string>

#include "absl/strings/str_format.h"

namespace campcount::evaluation {

// A quoted, escaped JSON string.
inline std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// A number with up to `digits` significant digits; null when not finite
// (an undefined precision, say), since JSON has no NaN.
inline std::string JsonNumber(double value, int digits = 6) {
  if (!std::isfinite(value)) return "null";
  return absl::StrFormat("%.*g", digits, value);
}

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_JSON_TEXT_H_
