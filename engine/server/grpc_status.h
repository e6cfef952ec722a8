// absl::Status -> grpc::Status, in one place (the codes share numbers).
#ifndef CAMPCOUNT_ENGINE_SERVER_GRPC_STATUS_H_
#define CAMPCOUNT_ENGINE_SERVER_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"

namespace campcount::server {

inline grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

}  // namespace campcount::server

#endif  // CAMPCOUNT_ENGINE_SERVER_GRPC_STATUS_H_
