// The C entry points of libcampcount_census_trend.so.
#include "campcount/plugin.h"

#include "census_trend_estimator.h"

CAMPCOUNT_ESTIMATOR_PLUGIN(campcount::plugins::CensusTrendEstimator)
