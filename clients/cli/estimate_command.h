// `campcount estimate`: one camp image in, population estimates out.
#ifndef CAMPCOUNT_CLIENTS_CLI_ESTIMATE_COMMAND_H_
#define CAMPCOUNT_CLIENTS_CLI_ESTIMATE_COMMAND_H_

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "campcount/v1/service.pb.h"
#include "connection.h"
#include "estimate_result.h"

namespace campcount::cli {

int RunEstimateCommand(const std::vector<std::string>& args);

// Calls CampCount.Estimate and gathers the stream, drawing a progress bar
// on stderr when asked.
absl::StatusOr<EstimateResult> StreamEstimate(
    Connection& connection, const campcount::v1::EstimateRequest& request,
    bool show_progress);

struct OutputOptions {
  bool json = false;
  // Also list every detection (text) / include them (JSON).
  bool detections = false;
  // JSON only: (name, JSON value) fields printed before the result.
  std::vector<std::pair<std::string, std::string>> extra_json;
};

absl::Status PrintEstimateResult(const EstimateResult& result,
                                 const OutputOptions& options,
                                 std::ostream& out);

// A local file path made absolute (the engine may run elsewhere in the file
// system's eyes); GDAL URIs such as /vsicurl/... pass unchanged.
std::string ImageUri(const std::string& image);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_ESTIMATE_COMMAND_H_
