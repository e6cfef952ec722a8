#include "estimator_inputs.h"

#include "absl/strings/str_cat.h"
#include "calibration_store.h"
#include "census_reader.h"
#include "status_macros.h"

namespace campcount::core {

campcount::v1::EstimatorRequest EstimatorInputs::RequestFor(
    const std::string& estimator,
    const campcount::v1::CampFeatures& features) const {
  campcount::v1::EstimatorRequest request;
  *request.mutable_features() = features;
  auto it = calibrations.find(estimator);
  if (it != calibrations.end()) *request.mutable_calibration() = it->second;
  for (const auto& entry : census) *request.add_census() = entry;
  return request;
}

absl::StatusOr<EstimatorInputs> PrepareEstimatorInputs(
    const PluginRegistry& registry, const std::string& model_repository,
    const campcount::v1::EstimateRequest& request,
    const std::vector<std::string>& estimators,
    const CancellationToken& cancellation) {
  EstimatorInputs inputs;
  const CalibrationStore store(model_repository);
  bool found_any = false;
  for (const std::string& name : estimators) {
    absl::StatusOr<campcount::v1::CalibrationArtifact> artifact =
        store.Load(name, request.calibration_version());
    if (artifact.ok()) {
      inputs.calibrations[name] = *std::move(artifact);
      found_any = true;
    } else if (artifact.status().code() != absl::StatusCode::kNotFound) {
      return artifact.status();
    }
  }
  if (!request.calibration_version().empty() && !found_any) {
    return absl::NotFoundError(
        absl::StrCat("calibration version ", request.calibration_version(),
                     " exists for none of the requested estimators in ",
                     model_repository, "/calibration"));
  }
  if (!request.census_uri().empty()) {
    if (request.camp_id().empty()) {
      return absl::InvalidArgumentError(
          "census_uri is set but camp_id is empty: name the camp whose "
          "surveys to use");
    }
    CC_ASSIGN_OR_RETURN(campcount::v1::ReadCensusResponse census,
                        ReadCensus(registry, request.census_uri(),
                                   request.camp_id(), &cancellation));
    inputs.census.assign(census.entries().begin(), census.entries().end());
  }
  return inputs;
}

}  // namespace campcount::core
