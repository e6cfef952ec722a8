#include "raster_metadata.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace campcount::plugins {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Metres per degree of latitude and longitude on WGS 84 at `lat_deg`
// (the usual series expansion; the ellipsoid of the CRS barely matters at
// the precision a GSD needs).
void MetresPerDegree(double lat_deg, double* per_lat, double* per_lon) {
  const double lat = lat_deg * kPi / 180.0;
  *per_lat = 111132.92 - 559.82 * std::cos(2 * lat) +
             1.175 * std::cos(4 * lat) - 0.0023 * std::cos(6 * lat);
  *per_lon = 111412.84 * std::cos(lat) - 93.5 * std::cos(3 * lat) +
             0.118 * std::cos(5 * lat);
}

bool IsDigits(absl::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
}

}  // namespace

absl::StatusOr<GroundScale> GroundScaleOf(const OGRSpatialReference& srs,
                                          const GeoTransform& t, int64_t width,
                                          int64_t height) {
  // Metres per CRS unit along x and y.
  double mx = 1, my = 1;
  if (srs.IsGeographic()) {
    // Rasters keep x = longitude whatever the CRS's axis order says.
    const double degrees_per_unit = srs.GetAngularUnits() * 180.0 / kPi;
    const double centre_lat =
        (t[3] + t[4] * width / 2.0 + t[5] * height / 2.0) * degrees_per_unit;
    if (!(std::abs(centre_lat) <= 90)) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "the image centre is at latitude %g, outside -90..90", centre_lat));
    }
    double per_lat = 0, per_lon = 0;
    MetresPerDegree(centre_lat, &per_lat, &per_lon);
    mx = per_lon * degrees_per_unit;
    my = per_lat * degrees_per_unit;
  } else {
    mx = my = srs.GetLinearUnits();
  }
  const double pixel_w = std::hypot(t[1] * mx, t[4] * my);
  const double pixel_h = std::hypot(t[2] * mx, t[5] * my);
  GroundScale scale;
  scale.gsd_m = (pixel_w + pixel_h) / 2;
  scale.pixel_area_m2 = std::abs(t[1] * t[5] - t[2] * t[4]) * mx * my;
  if (!(scale.gsd_m > 0) || !std::isfinite(scale.gsd_m) ||
      !(scale.pixel_area_m2 > 0)) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "its geotransform (%g, %g, %g, %g, %g, %g) gives no usable pixel size",
        t[0], t[1], t[2], t[3], t[4], t[5]));
  }
  return scale;
}

int32_t EpsgCodeOf(const OGRSpatialReference& srs) {
  OGRSpatialReference copy(srs);
  const char* authority = copy.GetAuthorityName(nullptr);
  if (authority == nullptr || !EQUAL(authority, "EPSG")) {
    if (copy.AutoIdentifyEPSG() != OGRERR_NONE) return 0;
    authority = copy.GetAuthorityName(nullptr);
  }
  const char* code = copy.GetAuthorityCode(nullptr);
  int32_t epsg = 0;
  if (authority == nullptr || !EQUAL(authority, "EPSG") || code == nullptr ||
      !absl::SimpleAtoi(code, &epsg)) {
    return 0;
  }
  return epsg;
}

std::string NormalizeDate(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (text.size() < 10) return "";
  const absl::string_view year = text.substr(0, 4);
  const absl::string_view month = text.substr(5, 2);
  const absl::string_view day = text.substr(8, 2);
  const char sep1 = text[4], sep2 = text[7];
  if (sep1 != sep2 || (sep1 != '-' && sep1 != ':' && sep1 != '/')) return "";
  if (!IsDigits(year) || !IsDigits(month) || !IsDigits(day)) return "";
  if (text.size() > 10 && text[10] != ' ' && text[10] != 'T') return "";
  int y = 0, m = 0, d = 0;
  if (!absl::SimpleAtoi(year, &y) || !absl::SimpleAtoi(month, &m) ||
      !absl::SimpleAtoi(day, &d)) {
    return "";
  }
  static constexpr int kDaysIn[] = {31, 29, 31, 30, 31, 30,
                                    31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > kDaysIn[m - 1] ||
      (m == 2 && d == 29 && !leap)) {
    return "";
  }
  return absl::StrFormat("%04d-%02d-%02d", y, m, d);
}

std::string AcquisitionDateOf(GDALDataset& dataset) {
  // Most specific first: an explicit acquisition date, then the imagery
  // domain GDAL fills from vendor metadata, then the TIFF creation time.
  const std::pair<const char*, const char*> kItems[] = {
      {"ACQUISITION_DATE", ""},
      {"ACQUISITIONDATETIME", "IMAGERY"},
      {"TIFFTAG_DATETIME", ""},
  };
  for (const auto& [item, domain] : kItems) {
    const char* value = dataset.GetMetadataItem(item, domain);
    if (value == nullptr) continue;
    std::string date = NormalizeDate(value);
    if (!date.empty()) return date;
  }
  return "";
}

absl::StatusOr<std::vector<int>> TileBandsOf(GDALDataset& dataset) {
  const int count = dataset.GetRasterCount();
  int red = 0, green = 0, blue = 0;
  std::vector<int> colour;  // Bands that are not alpha.
  for (int band = 1; band <= count; ++band) {
    switch (dataset.GetRasterBand(band)->GetColorInterpretation()) {
      case GCI_RedBand:
        red = red ? red : band;
        break;
      case GCI_GreenBand:
        green = green ? green : band;
        break;
      case GCI_BlueBand:
        blue = blue ? blue : band;
        break;
      case GCI_PaletteIndex:
        return absl::FailedPreconditionError(
            "it is a paletted image (a colour table, not brightness values); "
            "expand it to RGB first, e.g. gdal_translate -expand rgb");
      default:
        break;
    }
    if (dataset.GetRasterBand(band)->GetColorInterpretation() !=
        GCI_AlphaBand) {
      colour.push_back(band);
    }
  }
  if (red && green && blue) return std::vector<int>{red, green, blue};
  if (colour.size() >= 3)
    return std::vector<int>(colour.begin(), colour.begin() + 3);
  if (!colour.empty()) return std::vector<int>{colour.front()};
  return std::vector<int>{1};
}

std::array<double, 4> MapBoundsOf(const GeoTransform& t, int64_t width,
                                  int64_t height) {
  std::array<double, 4> bounds = {HUGE_VAL, HUGE_VAL, -HUGE_VAL, -HUGE_VAL};
  for (const auto& [px, py] : {std::pair<double, double>{0, 0},
                               {double(width), 0},
                               {0, double(height)},
                               {double(width), double(height)}}) {
    const double x = t[0] + px * t[1] + py * t[2];
    const double y = t[3] + px * t[4] + py * t[5];
    bounds[0] = std::min(bounds[0], x);
    bounds[1] = std::min(bounds[1], y);
    bounds[2] = std::max(bounds[2], x);
    bounds[3] = std::max(bounds[3], y);
  }
  return bounds;
}

}  // namespace campcount::plugins
