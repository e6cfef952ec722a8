// The C entry points of libcampcount_synthetic.so.
#include "campcount/plugin.h"

#include "synthetic_source.h"

CAMPCOUNT_SOURCE_PLUGIN(campcount::plugins::SyntheticSource)
