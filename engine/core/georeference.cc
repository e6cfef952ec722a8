#include "georeference.h"

#include <algorithm>
#include <limits>

#include "absl/time/civil_time.h"

namespace campcount::core {
namespace {

std::optional<absl::CivilDay> ParseDay(const std::string& text) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) {
    return std::nullopt;
  }
  // ParseCivilTime normalises 2020-02-31 to March; a real date round-trips.
  if (absl::FormatCivilTime(day) != text) return std::nullopt;
  return day;
}

}  // namespace

campcount::v1::MapBox ToMapBox(const campcount::v1::GeoTransform& transform,
                               const Box& box) {
  campcount::v1::MapBox out;
  if (transform.coefficients_size() != 6) return out;
  const auto& c = transform.coefficients();
  double xmin = std::numeric_limits<double>::max(), ymin = xmin;
  double xmax = std::numeric_limits<double>::lowest(), ymax = xmax;
  for (double px : {box.xmin, box.xmax}) {
    for (double py : {box.ymin, box.ymax}) {
      const double x = c[0] + px * c[1] + py * c[2];
      const double y = c[3] + px * c[4] + py * c[5];
      xmin = std::min(xmin, x);
      xmax = std::max(xmax, x);
      ymin = std::min(ymin, y);
      ymax = std::max(ymax, y);
    }
  }
  out.set_xmin(xmin);
  out.set_ymin(ymin);
  out.set_xmax(xmax);
  out.set_ymax(ymax);
  return out;
}

std::optional<int> DaysBetween(const std::string& from, const std::string& to) {
  std::optional<absl::CivilDay> a = ParseDay(from);
  std::optional<absl::CivilDay> b = ParseDay(to);
  if (!a || !b) return std::nullopt;
  return static_cast<int>(*b - *a);
}

bool IsIsoDateOrEmpty(const std::string& date) {
  return date.empty() || ParseDay(date).has_value();
}

}  // namespace campcount::core
