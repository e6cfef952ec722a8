// Calibration artifacts in the model repository:
//   <repository>/calibration/<estimator>/<version>/calibration.json
// Versions are whole numbers, the latest is the highest; files are JSON so a
// partner can read what an estimate rests on. A version once written is
// never changed (a new fit is a new version).
#ifndef CAMPCOUNT_ENGINE_CORE_CALIBRATION_STORE_H_
#define CAMPCOUNT_ENGINE_CORE_CALIBRATION_STORE_H_

#include <string>

#include "absl/status/statusor.h"
#include "campcount/v1/calibration_artifact.pb.h"

namespace campcount::core {

class CalibrationStore {
 public:
  explicit CalibrationStore(std::string repository)
      : repository_(std::move(repository)) {}

  // Writes `artifact` as the next version of its estimator; sets its
  // version, and returns the file's path. Written to a temporary file and
  // renamed, so a reader never sees half a file.
  absl::StatusOr<std::string> Write(
      campcount::v1::CalibrationArtifact artifact) const;

  // The named version (empty: the latest), with path and sha256 filled in.
  // NOT_FOUND naming the directory searched when there is none.
  absl::StatusOr<campcount::v1::CalibrationArtifact> Load(
      const std::string& estimator, const std::string& version) const;

  const std::string& repository() const { return repository_; }

 private:
  std::string EstimatorDir(const std::string& estimator) const;
  std::string repository_;
};

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_CALIBRATION_STORE_H_
