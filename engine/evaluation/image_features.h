// Detection on a dataset's camp images, done once per (image file as it is
// now, detector, model version, threshold) and shared by every estimator and
// fit that needs it: detection is the expensive step, the fits are cheap.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_IMAGE_FEATURES_H_
#define CAMPCOUNT_ENGINE_EVALUATION_IMAGE_FEATURES_H_

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>

#include "absl/status/statusor.h"
#include "campcount/v1/dataset.pb.h"
#include "campcount/v1/estimate.pb.h"
#include "campcount/v1/model.pb.h"
#include "cancellation.h"
#include "pipeline.h"

namespace campcount::evaluation {

class ImageFeatures {
 public:
  // `pipeline` must run no estimators (its default list empty).
  explicit ImageFeatures(const core::EstimatePipeline* pipeline)
      : pipeline_(pipeline) {}

  // Features of `image` of `camp` as `detector` sees it running `model`
  // (the version the job resolved when it started; nullopt for detectors
  // without models); the target date is the image date (callers set their
  // own). An image file rewritten since (size or modification time) is
  // detected again.
  absl::StatusOr<campcount::v1::CampFeatures> Get(
      const campcount::v1::DatasetCamp& camp,
      const campcount::v1::DatasetImage& image, const std::string& detector,
      const std::optional<campcount::v1::ModelInfo>& model,
      float score_threshold, const core::CancellationToken& cancellation);

  // Detection runs so far (cache misses).
  int64_t detections_run() const { return detections_run_; }

 private:
  absl::StatusOr<std::string> Boundary(const campcount::v1::DatasetCamp& camp);

  const core::EstimatePipeline* pipeline_;
  std::mutex mutex_;
  // Image path and file stamp, detector, model name, version and SHA-256,
  // threshold.
  using Key = std::tuple<std::string, std::string, std::string, std::string,
                         std::string, std::string, float>;
  std::map<Key, campcount::v1::CampFeatures> cache_;
  std::map<std::string, std::string> boundaries_;
  int64_t detections_run_ = 0;
};

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_IMAGE_FEATURES_H_
