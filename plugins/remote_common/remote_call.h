// One call to a remote plugin service, as the engine expects a plugin call to
// behave: bounded by a deadline, retried with exponential backoff while the
// remote is UNAVAILABLE, stopped promptly when the engine cancels the
// request, and failing with a status that names the plugin and the address.
#ifndef CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_CALL_H_
#define CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_CALL_H_

#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "campcount/plugin.h"
#include "remote_options.h"

namespace campcount::plugins::remote {

// Calls unary `method` (e.g. "/campcount.v1.Detector/Detect") until it
// succeeds, fails with something other than UNAVAILABLE, or runs out of
// attempts, and parses the answer into `response`. The answer is parsed here
// rather than by gRPC so that bytes that are not a `response` are reported
// as garbage (INTERNAL). `what` names the call for messages, e.g.
// "remote_detector: Detect on 127.0.0.1:7400".
absl::Status CallRemote(const std::shared_ptr<grpc::Channel>& channel,
                        const std::string& method,
                        const google::protobuf::MessageLite& request,
                        google::protobuf::MessageLite* response,
                        const RemoteOptions& options, const std::string& what,
                        const campcount::sdk::CallContext& cancellation);

// grpc::Status -> absl::Status with `what` in front and, for the codes a
// remote plugin typically fails with, what it means for the operator.
absl::Status FromRemoteStatus(const grpc::Status& status,
                              const RemoteOptions& options,
                              const std::string& what, int attempts);

}  // namespace campcount::plugins::remote

#endif  // CAMPCOUNT_PLUGINS_REMOTE_COMMON_REMOTE_CALL_H_
