// `campcount evaluate`: runs a detector through the engine on labelled
// images and measures it (precision, recall, F1, AP at IoU 0.5, per camp and
// overall), writing the boxes as GeoJSON and overlays as PNG.
#ifndef CAMPCOUNT_CLIENTS_CLI_EVALUATE_COMMAND_H_
#define CAMPCOUNT_CLIENTS_CLI_EVALUATE_COMMAND_H_

#include <string>
#include <vector>

namespace campcount::cli {

int RunEvaluateCommand(const std::vector<std::string>& args);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_EVALUATE_COMMAND_H_
