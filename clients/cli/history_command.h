// `campcount history`: the engine's estimate records. `campcount report`:
// the HTML page (and GeoJSON / overlay) of a recorded estimate, again.
#ifndef CAMPCOUNT_CLIENTS_CLI_HISTORY_COMMAND_H_
#define CAMPCOUNT_CLIENTS_CLI_HISTORY_COMMAND_H_

#include <string>
#include <vector>

namespace campcount::cli {

int RunHistoryCommand(const std::vector<std::string>& args);
int RunReportCommand(const std::vector<std::string>& args);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_HISTORY_COMMAND_H_
