// A synthetic refugee camp written as a GeoTIFF, with the exact list of
// tents in it: the ground truth the demo, the integration tests and the
// memory benchmark compare the engine's count against.
//
// The image is rendered and written in bounded chunks, so writing a
// 20,000 x 20,000 px camp takes no more memory than a 2,000 x 2,000 px one.
#ifndef CAMPCOUNT_ENGINE_SYNTH_DEMO_CAMP_H_
#define CAMPCOUNT_ENGINE_SYNTH_DEMO_CAMP_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace campcount::synth {

struct DemoCampOptions {
  int64_t width_px = 2000;
  int64_t height_px = 2000;
  // Ground sample distance, metres per pixel.
  double gsd_m = 0.5;
  int tent_count = 150;
  uint64_t seed = 1;
  // Map CRS and the map position of the top-left corner (UTM 33N, near
  // Maiduguri, north-east Nigeria).
  int epsg = 32633;
  double origin_x = 300000.0;
  double origin_y = 1310000.0;
  std::string acquisition_date = "2020-03-14";
  // Dark-green trees with shadows as distractors.
  bool trees = true;
  // Trees to draw; negative: one per 15 tents, at least 4.
  int tree_count = -1;
  // Share of the tents laid out in rows (the rest are scattered).
  double row_fraction = 0.6;
  // Tents stay this share of the width / height away from the image edge.
  double margin_fraction = 0.05;
};

// One tent: its footprint is a rectangle rotated about its centre.
struct TentTruth {
  // Axis-aligned box around the footprint, in pixels of the image
  // (x right, y down, xmax / ymax exclusive, sub-pixel precision). The
  // shadow is not part of the box.
  double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
  // Footprint on the ground: length x width, in square metres.
  double area_m2 = 0;
  // Area of the box above on the ground, in square metres (>= area_m2).
  double box_area_m2 = 0;
  double center_x = 0, center_y = 0;
  double length_m = 0, width_m = 0;
  // Rotation of the long side from the image x axis, degrees.
  double angle_deg = 0;
  // True when the tent belongs to a row block, false when scattered.
  bool in_row = false;
};

struct DemoCampTruth {
  std::string path;
  std::vector<TentTruth> tents;
  // The rectangle the tents were placed in, pixels: a natural camp
  // boundary (BoundaryGeoJson of it holds every tent).
  double camp_xmin = 0, camp_ymin = 0, camp_xmax = 0, camp_ymax = 0;
  // Trees drawn (not shelters; a detector should ignore them).
  int tree_count = 0;
  double total_tent_area_m2 = 0;
  int64_t width_px = 0, height_px = 0;
  double gsd_m = 0;
  int epsg = 0;
  std::array<double, 6> geotransform{};
  std::string acquisition_date;
  uint64_t seed = 0;
};

// Renders the camp and writes it to `path` as a tiled (256 x 256), DEFLATE
// compressed, 3-band RGB GeoTIFF with the CRS, the geotransform and the
// metadata item ACQUISITION_DATE. Same options and seed: same pixels, same
// truth. Fails when the options are invalid or the tents do not fit.
absl::StatusOr<DemoCampTruth> WriteDemoCamp(const std::string& path,
                                            const DemoCampOptions& options);

// Only the tent placement of WriteDemoCamp (no pixels, no file).
absl::StatusOr<DemoCampTruth> PlanDemoCamp(const DemoCampOptions& options);

struct PixelPoint {
  double x = 0;
  double y = 0;
};

// An RFC 7946 GeoJSON Feature (lon/lat, WGS 84) whose Polygon is `ring`,
// given in pixel coordinates of the image the options describe. Edges are
// densified so the polygon follows the projected one closely.
absl::StatusOr<std::string> BoundaryGeoJson(
    const DemoCampOptions& options, const std::vector<PixelPoint>& ring);

// The same for the pixel rectangle [xmin, xmax) x [ymin, ymax).
absl::StatusOr<std::string> BoundaryGeoJson(const DemoCampOptions& options,
                                            double xmin, double ymin,
                                            double xmax, double ymax);

// Tents whose centre lies inside `ring` (pixel coordinates): the count an
// engine should report for that boundary if it keeps boxes by their centre.
int CountTentsInside(const DemoCampTruth& truth,
                     const std::vector<PixelPoint>& ring);

// The truth as JSON (image facts and one object per tent), for a sidecar
// file next to the image.
std::string TruthToJson(const DemoCampTruth& truth);

namespace internal {
// WriteDemoCamp with another chunk size, for tests: the pixels must not
// depend on it.
absl::StatusOr<DemoCampTruth> WriteDemoCampInChunks(
    const std::string& path, const DemoCampOptions& options, int strip_rows,
    int chunk_cols);
}  // namespace internal

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_DEMO_CAMP_H_
