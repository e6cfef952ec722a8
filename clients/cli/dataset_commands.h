// `campcount calibrate`, `campcount compare` and `campcount needs` (issue 5).
#ifndef CAMPCOUNT_CLIENTS_CLI_DATASET_COMMANDS_H_
#define CAMPCOUNT_CLIENTS_CLI_DATASET_COMMANDS_H_

#include <string>
#include <vector>

namespace campcount::cli {

int RunCalibrateCommand(const std::vector<std::string>& args);
int RunCompareCommand(const std::vector<std::string>& args);
int RunNeedsCommand(const std::vector<std::string>& args);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_DATASET_COMMANDS_H_
