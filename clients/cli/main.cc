// campcount: the command-line client of the campcount engine.
#include <iostream>
#include <string>
#include <vector>

#include "allocator_tuning.h"
#include "demo_command.h"
#include "estimate_command.h"
#include "plugins_command.h"
#include "synth_command.h"
#include "usage.h"

namespace {

using campcount::cli::UsageText;

bool WantsHelp(const std::vector<std::string>& args) {
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") return true;
    if (a == "--") break;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  // The CLI may run the server in-process.
  campcount::server::TuneAllocatorForTileBuffers();
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << UsageText("");
    return 2;
  }
  if (args[0] == "--help" || args[0] == "-h") {
    std::cout << UsageText("");
    return 0;
  }
  const std::string& command = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "help") {
    std::cout << UsageText(rest.empty() ? "" : rest[0]);
    return 0;
  }
  if (!campcount::cli::IsCommand(command)) {
    std::cerr << "error: INVALID_ARGUMENT: unknown command \"" << command
              << "\"\n\n"
              << UsageText("");
    return 2;
  }
  if (WantsHelp(rest)) {
    std::cout << UsageText(command);
    return 0;
  }
  if (command == "estimate") return campcount::cli::RunEstimateCommand(rest);
  if (command == "plugins") return campcount::cli::RunPluginsCommand(rest);
  if (command == "synth") return campcount::cli::RunSynthCommand(rest);
  return campcount::cli::RunDemoCommand(rest);
}
