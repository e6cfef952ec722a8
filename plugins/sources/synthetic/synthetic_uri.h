// The URI of a synthetic scene:
//
//   synthetic:seed=7&camp=4&date=1[&dates=3][&boundary=camp]
//
//   seed      the dataset seed of `campcount synth --seed`
//   camp      the camp: its number (4 is AD_S004) or its site id (AD_S004)
//   date      which image: 0-based index, or the image's date (YYYY-MM-DD)
//   dates     images per camp of the dataset (`--dates`, default 3); the
//             camp's timeline depends on it, so it must match
//   boundary  "camp": when the request carries no boundary, use the camp's
//             own boundary (default: the whole image is the camp)
//
// The scene is the image `campcount synth --seed S --dates K` writes for
// that camp and date, pixel for pixel.
#ifndef CAMPCOUNT_PLUGINS_SOURCES_SYNTHETIC_SYNTHETIC_URI_H_
#define CAMPCOUNT_PLUGINS_SOURCES_SYNTHETIC_SYNTHETIC_URI_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace campcount::plugins {

struct SyntheticUri {
  uint64_t seed = 0;
  int camp_index = 0;  // 0-based
  int dates = 3;
  // Exactly one of these is set: index >= 0, or the date text.
  int date_index = -1;
  std::string date;
  bool camp_boundary = false;
};

// INVALID_ARGUMENT naming the bad part of the URI.
absl::StatusOr<SyntheticUri> ParseSyntheticUri(const std::string& uri);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_SOURCES_SYNTHETIC_SYNTHETIC_URI_H_
