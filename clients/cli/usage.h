// The help texts of `campcount` and its subcommands.
#ifndef CAMPCOUNT_CLIENTS_CLI_USAGE_H_
#define CAMPCOUNT_CLIENTS_CLI_USAGE_H_

#include <string>

namespace campcount::cli {

// Help for one subcommand, or the overview for "" (and unknown names).
std::string UsageText(const std::string& command);

bool IsCommand(const std::string& name);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_USAGE_H_
