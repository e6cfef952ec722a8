// The C entry points of libcampcount_area_linear.so.
#include "campcount/plugin.h"

#include "area_linear_estimator.h"

CAMPCOUNT_ESTIMATOR_PLUGIN(campcount::plugins::AreaLinearEstimator)
