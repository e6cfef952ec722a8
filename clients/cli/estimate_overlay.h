// The image an estimate ran on, with its detections drawn: kept shelters in
// green, dropped boxes in red, the camp boundary in yellow. Downscaled so the
// longer side is at most `max_side_px`, so a huge scene stays a small PNG.
#ifndef CAMPCOUNT_CLIENTS_CLI_ESTIMATE_OVERLAY_H_
#define CAMPCOUNT_CLIENTS_CLI_ESTIMATE_OVERLAY_H_

#include <string>

#include "absl/status/statusor.h"
#include "campcount/v1/records.pb.h"

namespace campcount::cli {

// PNG bytes. Reads the scene's image (scene.uri, else image_uri) with GDAL.
absl::StatusOr<std::string> RenderOverlayPng(
    const campcount::v1::EstimateRecord& record, int max_side_px = 1600);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_ESTIMATE_OVERLAY_H_
