// The C entry points of libcampcount_bright_shelter.so.
#include "campcount/plugin.h"

#include "bright_shelter_detector.h"

CAMPCOUNT_DETECTOR_PLUGIN(campcount::plugins::BrightShelterDetector)
