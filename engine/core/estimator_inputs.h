// What the engine hands an estimator besides the camp features (issue 5):
// its calibration artifact from the model repository (latest unless the
// request names a version) and the camp's census surveys when the request
// names a census file. Prepared before detection, so a missing or broken
// file fails the request at once rather than after minutes of work.
#ifndef CAMPCOUNT_ENGINE_CORE_ESTIMATOR_INPUTS_H_
#define CAMPCOUNT_ENGINE_CORE_ESTIMATOR_INPUTS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "campcount/v1/estimate.pb.h"
#include "campcount/v1/service.pb.h"
#include "cancellation.h"
#include "plugin_registry.h"

namespace campcount::core {

struct EstimatorInputs {
  // Keyed by estimator name; absent when it has no calibration (estimators
  // that need one then refuse, naming the calibrate command).
  std::map<std::string, campcount::v1::CalibrationArtifact> calibrations;
  std::vector<campcount::v1::CensusEntry> census;

  // `features` with this estimator's calibration and the census attached.
  campcount::v1::EstimatorRequest RequestFor(
      const std::string& estimator,
      const campcount::v1::CampFeatures& features) const;
};

absl::StatusOr<EstimatorInputs> PrepareEstimatorInputs(
    const PluginRegistry& registry, const std::string& model_repository,
    const campcount::v1::EstimateRequest& request,
    const std::vector<std::string>& estimators,
    const CancellationToken& cancellation);

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_ESTIMATOR_INPUTS_H_
