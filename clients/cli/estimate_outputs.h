// The files `campcount estimate` / `demo` / `report` can write beside their
// printed result: --geojson (detections, EPSG:4326), --overlay (PNG of the
// image with detections) and --report (one offline HTML page).
#ifndef CAMPCOUNT_CLIENTS_CLI_ESTIMATE_OUTPUTS_H_
#define CAMPCOUNT_CLIENTS_CLI_ESTIMATE_OUTPUTS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "campcount/v1/records.pb.h"
#include "campcount/v1/service.pb.h"
#include "command_line.h"
#include "connection.h"
#include "estimate_result.h"

namespace campcount::cli {

struct OutputFiles {
  std::string geojson;
  std::string overlay;
  std::string report;
  bool any() const {
    return !geojson.empty() || !overlay.empty() || !report.empty();
  }
};

// --geojson FILE, --overlay FILE.png, --report FILE.html.
std::vector<FlagSpec> OutputFileFlags();
OutputFiles OutputFilesFromArgs(const ParsedArgs& args);

// The estimate as a record: the engine's own record when it kept one
// (GetEstimate), else one assembled from the stream.
absl::StatusOr<campcount::v1::EstimateRecord> RecordOfEstimate(
    Connection& connection, const campcount::v1::EstimateRequest& request,
    const EstimateResult& result);

// Writes every file asked for; the first error names the file.
absl::Status WriteOutputFiles(const campcount::v1::EstimateRecord& record,
                              const OutputFiles& files);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_ESTIMATE_OUTPUTS_H_
