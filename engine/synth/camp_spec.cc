#include "camp_spec.h"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "random.h"

namespace campcount::synth {
namespace {

// Wards of Borno State that hosted camps, with approximate centres: the
// synthetic camps sit where the field case's camps were, in UTM zone 33N.
struct Place {
  const char* lga;
  const char* ward;
  double latitude, longitude;
};
constexpr Place kPlaces[] = {
    {"Maiduguri", "Gwange", 11.845, 13.170},
    {"Maiduguri", "Bolori", 11.855, 13.115},
    {"Jere", "Dalori", 11.775, 13.205},
    {"Jere", "Muna", 11.880, 13.240},
    {"Jere", "Mashamari", 11.810, 13.100},
    {"Konduga", "Konduga", 11.650, 13.415},
    {"Bama", "Bama", 11.520, 13.690},
    {"Dikwa", "Dikwa", 12.035, 13.915},
    {"Monguno", "Monguno", 12.670, 13.610},
    {"Ngala", "Gamboru", 12.370, 14.200},
    {"Gwoza", "Pulka", 11.215, 13.790},
    {"Gwoza", "Gwoza", 11.085, 13.695},
    {"Damboa", "Damboa", 11.155, 12.760},
    {"Mafa", "Mafa", 11.925, 13.600},
    {"Kala/Balge", "Rann", 12.390, 14.460},
};
constexpr const char* kCampWords[] = {"IDP Camp", "Camp", "Transit Camp",
                                      "Informal Settlement", "Host Community"};

// Ground area a shelter needs in a camp, tracks and gaps included (m²).
constexpr double kAreaPerShelterM2 = 110;
constexpr int kMinSidePx = 1500;
constexpr int kMaxSidePx = 4000;

absl::Status Project(double lat, double lon, int epsg, double* x, double* y) {
  OGRSpatialReference wgs84, utm;
  if (wgs84.importFromEPSG(4326) != OGRERR_NONE ||
      utm.importFromEPSG(epsg) != OGRERR_NONE) {
    return absl::InternalError(
        absl::StrCat("cannot set up EPSG:4326 -> EPSG:", epsg));
  }
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> t(
      OGRCreateCoordinateTransformation(&wgs84, &utm));
  if (t == nullptr) {
    return absl::InternalError(
        absl::StrCat("no transformation to EPSG:", epsg));
  }
  *x = lon;
  *y = lat;
  if (!t->Transform(1, x, y)) {
    return absl::InternalError("coordinate transformation failed");
  }
  return absl::OkStatus();
}

ImagingConditions MakeConditions(uint64_t seed, int64_t day) {
  Rng rng(seed);
  ImagingConditions c;
  c.seed = seed;
  c.day = day;
  c.date = DateOfDay(day);
  // Morning overpass at ~12° N: sun in the east to south-east, high.
  c.sun_azimuth_deg = rng.Uniform(95, 165);
  c.sun_elevation_deg = rng.Uniform(48, 72);
  c.sensor_resolution_m = rng.Uniform(0.5, 1.0);
  // Most scenes are slightly hazy, a few strongly (harmattan dust).
  c.haze = 0.02 + 0.38 * std::pow(rng.Uniform(), 1.7);
  c.contrast = rng.Uniform(0.62, 1.0);
  c.brightness = rng.Uniform(0.9, 1.07);
  const absl::CivilMonth month(absl::CivilDay(1970, 1, 1) + day);
  const int m = month.month();
  c.greenness =
      (m >= 7 && m <= 10) ? rng.Uniform(0.3, 0.8) : rng.Uniform(0.0, 0.15);
  if (rng.Chance(0.4)) {
    c.overlay_corners = 1 << rng.UniformInt(0, 3);
    if (rng.Chance(0.4)) c.overlay_corners |= 1 << rng.UniformInt(0, 3);
  }
  c.watermark = rng.Chance(0.5);
  return c;
}

}  // namespace

const char* TrendName(CampTrend trend) {
  switch (trend) {
    case CampTrend::kGrowing:
      return "growing";
    case CampTrend::kShrinking:
      return "shrinking";
    case CampTrend::kStable:
      return "stable";
  }
  return "stable";
}

std::string DateOfDay(int64_t day) {
  return absl::FormatCivilTime(absl::CivilDay(1970, 1, 1) + day);
}

bool ParseDay(const std::string& date, int64_t* day) {
  absl::CivilDay d;
  if (date.size() != 10 || !absl::ParseCivilTime(date, &d)) return false;
  *day = d - absl::CivilDay(1970, 1, 1);
  return true;
}

absl::StatusOr<CampSpec> MakeCampSpec(uint64_t seed, int camp_index,
                                      int dates) {
  if (camp_index < 0 || camp_index >= kMaxCamps) {
    return absl::InvalidArgumentError(absl::StrCat(
        "camp index must lie in 0..", kMaxCamps - 1, ", got ", camp_index));
  }
  if (dates < 1 || dates > kMaxDates) {
    return absl::InvalidArgumentError(absl::StrCat(
        "dates per camp must lie in 1..", kMaxDates, ", got ", dates));
  }
  Rng rng(SubSeed(seed, 0xca4d5bec, camp_index));
  CampSpec s;
  s.dataset_seed = seed;
  s.index = camp_index;
  s.site_id = absl::StrFormat("AD_S%03d", camp_index + 1);
  const Place& place = kPlaces[rng.UniformInt(0, std::size(kPlaces) - 1)];
  s.state = "Borno";
  s.lga = place.lga;
  s.ward = place.ward;
  s.name =
      absl::StrCat(place.ward, " ",
                   kCampWords[rng.UniformInt(0, std::size(kCampWords) - 1)]);
  if (camp_index >= static_cast<int>(std::size(kPlaces))) {
    absl::StrAppend(&s.name, " ", camp_index / std::size(kPlaces) + 1);
  }
  const double lat = place.latitude + rng.Uniform(-0.04, 0.04);
  const double lon = place.longitude + rng.Uniform(-0.04, 0.04);
  s.latitude = std::round(lat * 1e5) / 1e5;
  s.longitude = std::round(lon * 1e5) / 1e5;

  s.gsd_m = std::round(rng.Uniform(0.3, 0.6) * 100) / 100;
  s.peak_shelters = static_cast<int>(std::lround(rng.LogUniform(200, 1400)));
  const double radius_m =
      std::sqrt(s.peak_shelters * kAreaPerShelterM2 / std::numbers::pi);
  const double side_m = 2 * radius_m * 1.45 + 60;
  s.width_px = std::clamp(
      static_cast<int>(std::lround(side_m * rng.Uniform(1.0, 1.2) / s.gsd_m)),
      kMinSidePx, kMaxSidePx);
  s.height_px = std::clamp(
      static_cast<int>(std::lround(side_m * rng.Uniform(1.0, 1.1) / s.gsd_m)),
      kMinSidePx, kMaxSidePx);
  s.makeshift_share = rng.Uniform(0.03, 0.25);
  s.gridded_share = rng.Uniform(0.25, 0.85);
  const double t = rng.Uniform();
  if (t < 0.5) {
    s.trend = CampTrend::kGrowing;
    s.first_fraction = rng.Uniform(0.45, 0.8);
    s.last_fraction = 1.0;
  } else if (t < 0.75) {
    s.trend = CampTrend::kShrinking;
    s.first_fraction = 1.0;
    s.last_fraction = rng.Uniform(0.5, 0.85);
  } else {
    s.trend = CampTrend::kStable;
    s.first_fraction = rng.Uniform(0.88, 0.97);
    s.last_fraction = 1.0;
  }

  double cx = 0, cy = 0;
  if (absl::Status st = Project(s.latitude, s.longitude, s.epsg, &cx, &cy);
      !st.ok()) {
    return st;
  }
  s.origin_x = std::round(cx - 0.5 * s.width_m());
  s.origin_y = std::round(cy + 0.5 * s.height_m());

  int64_t day = absl::CivilDay(2018, 1, 15) - absl::CivilDay(1970, 1, 1) +
                rng.UniformInt(0, 540);
  for (int i = 0; i < dates; ++i) {
    if (i > 0) day += rng.UniformInt(45, 210);
    s.images.push_back(
        MakeConditions(SubSeed(seed, 0x1a9e5, camp_index * 64 + i), day));
  }
  s.plan_seed = SubSeed(seed, 0x91a4, camp_index);
  return s;
}

}  // namespace campcount::synth
