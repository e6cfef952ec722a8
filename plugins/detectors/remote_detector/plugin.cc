// The C entry points of libcampcount_remote_detector.so.
#include "campcount/plugin.h"

#include "remote_detector.h"

CAMPCOUNT_DETECTOR_PLUGIN(campcount::plugins::RemoteDetector)
