// A small, strict argv parser for the subcommands: --name value,
// --name=value, boolean --name, repeatable flags and positional arguments.
#ifndef CAMPCOUNT_CLIENTS_CLI_COMMAND_LINE_H_
#define CAMPCOUNT_CLIENTS_CLI_COMMAND_LINE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace campcount::cli {

// Process exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the engine or a file said no
inline constexpr int kExitUsage = 2;    // the command line is wrong

struct FlagSpec {
  std::string name;  // without the leading "--"
  bool takes_value = false;
  bool repeatable = false;
};

class ParsedArgs {
 public:
  bool Has(const std::string& name) const;
  // The flag's (last) value, or nullopt when it was not given.
  std::optional<std::string> Get(const std::string& name) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  friend absl::StatusOr<ParsedArgs> ParseArgs(
      const std::vector<std::string>& args, const std::vector<FlagSpec>& specs);
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

// Fails with InvalidArgument on an unknown flag, a missing value or a
// non-repeatable flag given twice. "--" ends the flags.
absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const std::vector<FlagSpec>& specs);

// "error: <CODE NAME>: <message>" on stderr, the way every failure is
// reported; returns the exit code to use.
int ReportError(const absl::Status& status, int exit_code = kExitFailure);

// A usage error: the message, a pointer to the command's help, exit 2.
int ReportUsageError(const std::string& message, const std::string& command);

}  // namespace campcount::cli

#endif  // CAMPCOUNT_CLIENTS_CLI_COMMAND_LINE_H_
