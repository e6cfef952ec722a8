// The C entry points of libcampcount_census_csv.so.
#include "campcount/plugin.h"

#include "census_csv_source.h"

CAMPCOUNT_SOURCE_PLUGIN(campcount::plugins::CensusCsvSource)
