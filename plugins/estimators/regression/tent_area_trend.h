// How a camp's tent area was changing before its image, from the camp's
// previous image (CampFeatures.previous_*), and the area that trend gives at
// the target date. time_adjusted's input.
#ifndef CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_TENT_AREA_TREND_H_
#define CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_TENT_AREA_TREND_H_

#include "campcount/v1/estimate.pb.h"

namespace campcount::plugins {

// The projection is bounded: a camp is not taken to shrink below a quarter
// or grow beyond four times its imaged size, however steep the trend.
inline constexpr double kMinTrendFactor = 0.25;
inline constexpr double kMaxTrendFactor = 4.0;

struct TentAreaTrend {
  // False without a usable previous image (none, undated, no tents in it):
  // the trend is then taken as flat.
  bool known = false;
  int days_between_images = 0;
  // Relative change of the tent area per day between the two images.
  double growth_per_day = 0;
  // 1 + growth_per_day × days to the target date, within the bounds.
  double factor = 1;
  bool bounded = false;  // the bounds cut the factor
};

TentAreaTrend TentAreaTrendOf(const campcount::v1::CampFeatures& features);

// total_tent_area_m2 × the trend's factor.
double ProjectedTentArea(const campcount::v1::CampFeatures& features);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_TENT_AREA_TREND_H_
