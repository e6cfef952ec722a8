// What one Estimate stream delivered, gathered for printing.
#ifndef CAMPCOUNT_CLIENTS_CLI_ESTIMATE_RESULT_H_
#define CAMPCOUNT_CLIENTS_CLI_ESTIMATE_RESULT_H_

#include <optional>
#include <vector>

#include "campcount/v1/service.pb.h"

namespace campcount::cli {

struct EstimateResult {
  std::optional<campcount::v1::EstimateStarted> started;
  std::vector<campcount::v1::Detection> detections;
  std::vector<campcount::v1::PopulationEstimate> estimates;
  std::optional<campcount::v1::EstimateDone> done;
};

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_ESTIMATE_RESULT_H_
