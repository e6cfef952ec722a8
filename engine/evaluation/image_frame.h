// Where an image's pixels lie on the ground, read with GDAL: used to bring
// the engine's detections back to the image's own pixels (the labels' frame,
// even when the source resampled or reprojected the scene) and to write the
// evaluation's boxes as lon/lat.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_IMAGE_FRAME_H_
#define CAMPCOUNT_ENGINE_EVALUATION_IMAGE_FRAME_H_

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "box.h"
#include "campcount/v1/source.pb.h"

class OGRCoordinateTransformation;
class OGRSpatialReference;

namespace campcount::evaluation {

struct LonLat {
  double lon = 0;
  double lat = 0;
};

class ImageFrame {
 public:
  // Reads size, geotransform and CRS of the raster at `path`. An image
  // without them fails (FAILED_PRECONDITION naming the file).
  static absl::StatusOr<ImageFrame> Open(const std::string& path);

  ImageFrame(ImageFrame&&) noexcept;
  ImageFrame& operator=(ImageFrame&&) noexcept;
  ~ImageFrame();

  int64_t width() const { return width_; }
  int64_t height() const { return height_; }

  // A box in the pixels of `scene` (what the engine opened from this image)
  // as a box in this image's pixels: the identity when the scene has the
  // image's own grid, else through map coordinates (and the CRS change when
  // the source reprojected).
  absl::StatusOr<core::Box> FromScenePixels(const campcount::v1::Scene& scene,
                                            const core::Box& box) const;

  // The four corners of a pixel box in WGS 84 lon/lat, clockwise from the
  // top-left, for RFC 7946 GeoJSON.
  absl::StatusOr<std::array<LonLat, 4>> ToLonLat(const core::Box& box) const;

 private:
  ImageFrame() = default;

  std::string path_;
  int64_t width_ = 0;
  int64_t height_ = 0;
  std::array<double, 6> transform_{};
  std::unique_ptr<OGRSpatialReference> srs_;
  std::unique_ptr<OGRCoordinateTransformation> to_lonlat_;
};

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_IMAGE_FRAME_H_
