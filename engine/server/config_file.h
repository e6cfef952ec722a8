// Reads campcountd's configuration file: a ServerConfig in protobuf text form
// (*.textproto, *.txtpb, *.pbtxt) or JSON (*.json).
#ifndef CAMPCOUNT_ENGINE_SERVER_CONFIG_FILE_H_
#define CAMPCOUNT_ENGINE_SERVER_CONFIG_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "campcount/v1/config.pb.h"

namespace campcount::server {

absl::StatusOr<campcount::v1::ServerConfig> ReadConfigFile(
    const std::string& path);

}  // namespace campcount::server

#endif  // CAMPCOUNT_ENGINE_SERVER_CONFIG_FILE_H_
