#include "remote_estimator.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "remote_call.h"
#include "remote_channel.h"
#include "remote_manifest.h"

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
  absl::StatusOr<remote::RemoteOptions> options =
      remote::ParseRemoteOptions(Manifest(), config);
  if (!options.ok()) return options.status();
  std::shared_ptr<grpc::Channel> channel;
  if (!options->address.empty()) {
    auto made = remote::MakeRemoteChannel(kName, *options);
    if (!made.ok()) return made.status();
    channel = *std::move(made);
  }
  campcount::v1::PluginManifest manifest = Manifest();
  if (channel != nullptr) {
    manifest = remote::MergeRemoteManifest(
        std::move(manifest),
        remote::DescribeRemote(channel, "Estimator", *options, kName),
        options->address);
  }
  return std::make_unique<RemoteEstimator>(
      *std::move(options), std::move(manifest), std::move(channel));
}

absl::StatusOr<campcount::v1::EstimatorResponse> RemoteEstimator::Estimate(
    const campcount::v1::EstimatorRequest& request,
    const campcount::sdk::CallContext& context) {
  if (channel_ == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        kName,
        ": no address configured; set plugin_config { key: "
        "\"remote_estimator\" value { settings { key: \"address\" value: "
        "\"HOST:PORT\" } } } in campcountd's config"));
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
