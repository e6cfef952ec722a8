// Detector plugin that forwards tiles to a campcount.v1.Detector gRPC service
// elsewhere (a partner's model server in any language) and checks what comes
// back before the engine uses it.
#ifndef CAMPCOUNT_PLUGINS_DETECTORS_REMOTE_DETECTOR_REMOTE_DETECTOR_H_
#define CAMPCOUNT_PLUGINS_DETECTORS_REMOTE_DETECTOR_REMOTE_DETECTOR_H_

#include <grpcpp/channel.h>

#include <memory>

#include "absl/status/statusor.h"
#include "campcount/plugin.h"
#include "remote_options.h"

namespace campcount::plugins {

class RemoteDetector final : public campcount::sdk::Detector {
 public:
  static constexpr char kName[] = "remote_detector";
  static constexpr char kVersion[] = "1.0.0";

  static campcount::v1::PluginManifest Manifest();
  static absl::StatusOr<std::unique_ptr<RemoteDetector>> Create(
      const campcount::v1::PluginConfig& config);

  RemoteDetector(remote::RemoteOptions options,
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

  // Thread-safe: gRPC stubs may be shared by concurrent calls.
  absl::StatusOr<campcount::v1::DetectResponse> Detect(
      const campcount::v1::DetectRequest& request,
      const campcount::sdk::CallContext& context) override;

 private:
  const remote::RemoteOptions options_;
  const campcount::v1::PluginManifest manifest_;
  const std::shared_ptr<grpc::Channel> channel_;
};

// Checks a remote's answer against the request: only tiles that were asked
// for, boxes that are finite, ordered and inside their tile, scores in
// [0, 1]. Fills a missing area from the box and the tile's GSD, and drops
// boxes under the threshold (a remote may ignore it). INTERNAL otherwise,
// naming `what`, the tile and the detection.
absl::StatusOr<campcount::v1::DetectResponse> CheckRemoteDetections(
    const campcount::v1::DetectRequest& request,
    campcount::v1::DetectResponse response, const std::string& what);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_DETECTORS_REMOTE_DETECTOR_REMOTE_DETECTOR_H_
