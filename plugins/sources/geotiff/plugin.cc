// The C entry points of libcampcount_geotiff.so.
#include "campcount/plugin.h"

#include "geotiff_source.h"

CAMPCOUNT_SOURCE_PLUGIN(campcount::plugins::GeotiffSource)
