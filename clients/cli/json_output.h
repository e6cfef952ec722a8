// --json output: one JSON object per command, fields named as in the .proto
// files, every field present (zeros too), so scripts need no defaults.
#ifndef CAMPCOUNT_CLIENTS_CLI_JSON_OUTPUT_H_
#define CAMPCOUNT_CLIENTS_CLI_JSON_OUTPUT_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "estimate_result.h"
#include "google/protobuf/message.h"

namespace campcount::cli {

// A message as indented JSON.
absl::StatusOr<std::string> MessageToJson(
    const google::protobuf::Message& message);

// A JSON string literal, quotes included.
std::string JsonString(const std::string& text);

// {"<extra fields>", "started": ..., "detections": [...] (when any),
//  "estimates": [...], "done": ...}. `extra` holds (name, JSON value) pairs
// printed first, e.g. what `campcount demo` generated.
absl::StatusOr<std::string> EstimateResultToJson(
    const EstimateResult& result,
    const std::vector<std::pair<std::string, std::string>>& extra = {});

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_JSON_OUTPUT_H_
