#include "tent_area_trend.h"

#include <algorithm>

#include "civil_date.h"

namespace campcount::plugins {

TentAreaTrend TentAreaTrendOf(const campcount::v1::CampFeatures& features) {
  TentAreaTrend trend;
  const auto previous = stats::ParseIsoDate(features.previous_image_date());
  const auto image = stats::ParseIsoDate(features.image_date());
  if (!previous || !image || *image <= *previous ||
      !(features.previous_total_tent_area_m2() > 0)) {
    return trend;
  }
  trend.known = true;
  trend.days_between_images = static_cast<int>(*image - *previous);
  trend.growth_per_day =
      (features.total_tent_area_m2() / features.previous_total_tent_area_m2() -
       1) /
      trend.days_between_images;
  const double factor = 1 + trend.growth_per_day * features.days_to_target();
  trend.factor = std::clamp(factor, kMinTrendFactor, kMaxTrendFactor);
  trend.bounded = trend.factor != factor;
  return trend;
}

double ProjectedTentArea(const campcount::v1::CampFeatures& features) {
  return features.total_tent_area_m2() * TentAreaTrendOf(features).factor;
}

}  // namespace campcount::plugins
