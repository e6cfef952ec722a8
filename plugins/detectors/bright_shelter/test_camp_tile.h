// Synthetic camp tiles for the detector's tests: light tents with a shadow
// side on noisy reddish-brown ground, dark-green trees, a sandy track,
// building roofs, haze and blur.
#ifndef CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_TEST_CAMP_TILE_H_
#define CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_TEST_CAMP_TILE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "campcount/v1/source.pb.h"
#include "opencv2/core.hpp"

namespace campcount::plugins {

struct CampTileOptions {
  int size_px = 512;
  double gsd_m = 0.5;
  int tents = 50;
  int trees = 25;
  // Tent sides are drawn between these (metres).
  double min_tent_m = 4;
  double max_tent_m = 7;
  // Tents in rows 8 m apart, a metre or two between neighbours, as planned
  // camps are laid out; otherwise scattered.
  bool rows = false;
  // Grey-blue roofs of permanent buildings (10-20 m), not shelters.
  int buildings = 0;
  // 0: clear air; 0.3: the ground washed towards light grey by 30 %.
  double haze = 0;
  uint32_t seed = 1;
};

struct CampTile {
  campcount::v1::Tile tile;
  // Axis-aligned boxes of the tents' bright roofs (shadow excluded).
  std::vector<cv::Rect> tents;
};

CampTile MakeCampTile(const CampTileOptions& options);

// A dark, featureless tile (night, deep shadow, a burnt area).
campcount::v1::Tile MakeDarkTile(int size_px, double gsd_m, uint32_t seed);

double IoU(const cv::Rect& a, const cv::Rect& b);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_DETECTORS_BRIGHT_SHELTER_TEST_CAMP_TILE_H_
