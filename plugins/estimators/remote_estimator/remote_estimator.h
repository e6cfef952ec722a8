// Estimator plugin that forwards camp features to a campcount.v1.Estimator
// gRPC service elsewhere and checks the estimate that comes back.
#ifndef CAMPCOUNT_PLUGINS_ESTIMATORS_REMOTE_ESTIMATOR_REMOTE_ESTIMATOR_H_
#define CAMPCOUNT_PLUGINS_ESTIMATORS_REMOTE_ESTIMATOR_REMOTE_ESTIMATOR_H_

#include <grpcpp/channel.h>

#include <memory>

#include "absl/status/statusor.h"
#include "campcount/plugin.h"
#include "remote_options.h"

namespace campcount::plugins {

class RemoteEstimator final : public campcount::sdk::Estimator {
 public:
  static constexpr char kName[] = "remote_estimator";
  static constexpr char kVersion[] = "1.0.0";

  static campcount::v1::PluginManifest Manifest();
  static absl::StatusOr<std::unique_ptr<RemoteEstimator>> Create(
      const campcount::v1::PluginConfig& config);

  RemoteEstimator(remote::RemoteOptions options,
                  campcount::v1::PluginManifest manifest,
                  std::shared_ptr<grpc::Channel> channel)
      : options_(std::move(options)),
        manifest_(std::move(manifest)),
        channel_(std::move(channel)) {}

  // Manifest() overlaid with the remote's own Describe, read at creation.
  absl::StatusOr<campcount::v1::PluginManifest> InstanceManifest()
      const override {
    return manifest_;
  }

  absl::StatusOr<campcount::v1::EstimatorResponse> Estimate(
      const campcount::v1::EstimatorRequest& request,
      const campcount::sdk::CallContext& context) override;

 private:
  const remote::RemoteOptions options_;
  const campcount::v1::PluginManifest manifest_;
  const std::shared_ptr<grpc::Channel> channel_;
};

// Checks a remote's estimate: present, a finite population >= 0, an interval
// with lower <= upper. Names the remote in the estimate when it did not.
absl::StatusOr<campcount::v1::EstimatorResponse> CheckRemoteEstimate(
    campcount::v1::EstimatorResponse response, const std::string& what);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_ESTIMATORS_REMOTE_ESTIMATOR_REMOTE_ESTIMATOR_H_
