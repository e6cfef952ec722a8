// Who and where a synthetic camp is, and how each of its images was taken.
//
// A CampSpec depends only on (dataset seed, camp index, number of dates), so
// `campcount synth` and the `synthetic` source plugin derive the same camp
// without sharing any state.
#ifndef CAMPCOUNT_ENGINE_SYNTH_CAMP_SPEC_H_
#define CAMPCOUNT_ENGINE_SYNTH_CAMP_SPEC_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace campcount::synth {

// One acquisition of the camp: the date and everything about the light,
// the sensor and the viewer that differs between dates.
struct ImagingConditions {
  std::string date;  // YYYY-MM-DD
  int64_t day = 0;   // days since 1970-01-01
  // Sun position: azimuth clockwise from north, elevation above horizon.
  double sun_azimuth_deg = 120;
  double sun_elevation_deg = 55;
  // Effective resolution of the sensor before the image was upsampled to
  // its delivered GSD; the blur a reader sees comes from it.
  double sensor_resolution_m = 0.7;
  // Haze: 0 clear .. ~0.4 strong veil towards a pale sky colour.
  double haze = 0.1;
  // Contrast multiplier around mid-grey (< 1: flatter image).
  double contrast = 0.9;
  // Overall brightness multiplier (exposure and season).
  double brightness = 1.0;
  // 0 dry season (bare laterite) .. 1 rainy season (green patches).
  double greenness = 0;
  // Viewer overlays (hard negatives): a bit per image corner,
  // 1 top-left, 2 top-right, 4 bottom-left, 8 bottom-right.
  int overlay_corners = 0;
  bool watermark = false;
  uint64_t seed = 0;
};

enum class CampTrend { kGrowing, kShrinking, kStable };

const char* TrendName(CampTrend trend);

struct CampSpec {
  uint64_t dataset_seed = 0;
  int index = 0;        // 0-based; the site id counts from 1
  std::string site_id;  // AD_S001
  std::string name, state, lga, ward;
  // Camp centre, WGS 84.
  double latitude = 0, longitude = 0;
  // The images: projected CRS, top-left corner, GSD and size (same for every
  // date of a camp).
  int epsg = 32633;
  double origin_x = 0, origin_y = 0;
  double gsd_m = 0.5;
  int width_px = 2000, height_px = 2000;
  // Shelters the camp holds at its largest.
  int peak_shelters = 500;
  // Share of shelters that are makeshift rather than tents.
  double makeshift_share = 0.1;
  // Share of shelters laid out in planned rows (the rest in clusters).
  double gridded_share = 0.6;
  CampTrend trend = CampTrend::kGrowing;
  // Share of the peak shelters standing at the first / last image.
  double first_fraction = 0.7, last_fraction = 1.0;
  std::vector<ImagingConditions> images;
  uint64_t plan_seed = 0;

  double width_m() const { return width_px * gsd_m; }
  double height_m() const { return height_px * gsd_m; }
};

inline constexpr int kMaxDates = 24;
inline constexpr int kMaxCamps = 999;

// Fails with InvalidArgument when camp_index or dates are out of range
// (0 <= camp_index < kMaxCamps, 1 <= dates <= kMaxDates).
absl::StatusOr<CampSpec> MakeCampSpec(uint64_t seed, int camp_index, int dates);

// "YYYY-MM-DD" of a day number, and back.
std::string DateOfDay(int64_t day);
bool ParseDay(const std::string& date, int64_t* day);

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_CAMP_SPEC_H_
