// `campcount demo`: writes a synthetic camp with a known number of tents,
// estimates its population with the engine's defaults and shows the truth
// beside the count, so a new user sees the whole loop in one command.
#ifndef CAMPCOUNT_CLIENTS_CLI_DEMO_COMMAND_H_
#define CAMPCOUNT_CLIENTS_CLI_DEMO_COMMAND_H_

#include <string>
#include <vector>

namespace campcount::cli {

int RunDemoCommand(const std::vector<std::string>& args);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_DEMO_COMMAND_H_
