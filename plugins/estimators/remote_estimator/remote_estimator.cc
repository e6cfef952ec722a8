#include "remote_estimator.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "remote_call.h"
#include "remote_connection.h"

namespace campcount::plugins {

campcount::v1::PluginManifest RemoteEstimator::Manifest() {
  campcount::v1::PluginManifest manifest;
  manifest.set_name(kName);
  manifest.set_version(kVersion);
  manifest.set_description(
      "Sends the camp's features to a campcount.v1.Estimator gRPC service at "
      "`address` (any language; see docs/integration.md) and checks the "
      "estimate it returns. Deadline per attempt, retries with exponential "
      "backoff while the remote is unavailable, optional TLS.");
  *manifest.mutable_config() = remote::RemoteConfigFields("Estimator");
  return manifest;
}

absl::StatusOr<std::unique_ptr<RemoteEstimator>> RemoteEstimator::Create(
    const campcount::v1::PluginConfig& config) {
  auto connection = remote::ConnectRemote(Manifest(), config, "Estimator");
  if (!connection.ok()) return connection.status();
  return std::make_unique<RemoteEstimator>(std::move(connection->options),
                                           std::move(connection->manifest),
                                           std::move(connection->channel));
}

absl::StatusOr<campcount::v1::EstimatorResponse> RemoteEstimator::Estimate(
    const campcount::v1::EstimatorRequest& request,
    const campcount::sdk::CallContext& context) {
  if (channel_ == nullptr) {
    return remote::NoAddressError(kName);
  }
  campcount::v1::EstimatorResponse response;
  const std::string what =
      absl::StrCat(kName, ": Estimate on ", options_.address);
  absl::Status status =
      remote::CallRemote(channel_, "/campcount.v1.Estimator/Estimate", request,
                         &response, options_, what, context);
  if (!status.ok()) return status;
  return CheckRemoteEstimate(std::move(response), what);
}

absl::StatusOr<campcount::v1::EstimatorResponse> CheckRemoteEstimate(
    campcount::v1::EstimatorResponse response, const std::string& what) {
  auto garbage = [&](const std::string& why) {
    return absl::InternalError(
        absl::StrCat(what, ": remote answered garbage: ", why));
  };
  if (!response.has_estimate()) return garbage("no estimate in the response");
  campcount::v1::PopulationEstimate& estimate = *response.mutable_estimate();
  if (!(std::isfinite(estimate.population()) && estimate.population() >= 0)) {
    return garbage(absl::StrCat("population ", estimate.population(),
                                " is not a finite number >= 0"));
  }
  if (estimate.has_interval()) {
    const auto& interval = estimate.interval();
    if (!(std::isfinite(interval.lower()) && std::isfinite(interval.upper()) &&
          interval.lower() <= interval.upper())) {
      return garbage(absl::StrCat("interval [", interval.lower(), ", ",
                                  interval.upper(), "] is not a range"));
    }
    if (!(interval.level() >= 0 && interval.level() < 1)) {
      return garbage(absl::StrCat("interval level ", interval.level(),
                                  " is not in [0, 1)"));
    }
  }
  if (estimate.estimator().empty())
    estimate.set_estimator(RemoteEstimator::kName);
  return response;
}

}  // namespace campcount::plugins
