// The human-readable report of an estimate: what was looked at, what was
// found, and per estimator the population with its interval and the
// explanation the estimator gave.
#ifndef CAMPCOUNT_CLIENTS_CLI_SUMMARY_PRINTER_H_
#define CAMPCOUNT_CLIENTS_CLI_SUMMARY_PRINTER_H_

#include <ostream>
#include <string>
#include <vector>

#include "campcount/v1/service.pb.h"
#include "estimate_result.h"

namespace campcount::cli {

void PrintSummary(const EstimateResult& result, std::ostream& out);

// One line per detection: box, score, area, kept or why dropped.
void PrintDetections(const std::vector<campcount::v1::Detection>& detections,
                     std::ostream& out);

// "1a2b3c4d5e6f" from a hex digest; "-" when there is none.
std::string ShortHash(const std::string& sha256);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_SUMMARY_PRINTER_H_
