// `campcount plugins`: what the engine loaded, and what it refused and why.
#ifndef CAMPCOUNT_CLIENTS_CLI_PLUGINS_COMMAND_H_
#define CAMPCOUNT_CLIENTS_CLI_PLUGINS_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "campcount/v1/service.pb.h"

namespace campcount::cli {

int RunPluginsCommand(const std::vector<std::string>& args);

// The table the command prints; separate for tests.
void PrintPlugins(const campcount::v1::ListPluginsResponse& response,
                  std::ostream& out);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_PLUGINS_COMMAND_H_
