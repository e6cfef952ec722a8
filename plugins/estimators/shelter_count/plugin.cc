// The C entry points of libcampcount_shelter_count.so.
#include "campcount/plugin.h"

#include "shelter_count_estimator.h"

CAMPCOUNT_ESTIMATOR_PLUGIN(campcount::plugins::ShelterCountEstimator)
