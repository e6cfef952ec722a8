// The C entry points of libcampcount_time_adjusted.so.
#include "campcount/plugin.h"

#include "time_adjusted_estimator.h"

CAMPCOUNT_ESTIMATOR_PLUGIN(campcount::plugins::TimeAdjustedEstimator)
