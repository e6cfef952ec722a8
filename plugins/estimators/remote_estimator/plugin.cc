// The C entry points of libcampcount_remote_estimator.so.
#include "campcount/plugin.h"

#include "remote_estimator.h"

CAMPCOUNT_ESTIMATOR_PLUGIN(campcount::plugins::RemoteEstimator)
