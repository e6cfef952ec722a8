// The C entry points of libcampcount_faster_rcnn.so.
#include "campcount/plugin.h"

#include "faster_rcnn_detector.h"

CAMPCOUNT_DETECTOR_PLUGIN(campcount::plugins::FasterRcnnDetector)
