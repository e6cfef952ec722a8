#include "plugins_command.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "command_line.h"
#include "connection.h"
#include "format.h"
#include "json_output.h"
#include "plugin_library.h"
#include "summary_printer.h"

namespace campcount::cli {
using core::KindName;

void PrintPlugins(const campcount::v1::ListPluginsResponse& response,
                  std::ostream& out) {
  // Sources, then detectors, then estimators: the order data flows in.
  std::vector<campcount::v1::PluginInfo> plugins(response.plugins().begin(),
                                                 response.plugins().end());
  std::stable_sort(
      plugins.begin(), plugins.end(), [](const auto& a, const auto& b) {
        return std::make_pair(a.manifest().kind(), a.manifest().name()) <
               std::make_pair(b.manifest().kind(), b.manifest().name());
      });
  std::set<std::string> dirs;
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : plugins) {
    const std::filesystem::path file(p.file());
    dirs.insert(file.parent_path().string());
    rows.push_back({KindName(p.manifest().kind()), p.manifest().name(),
                    p.manifest().version(), file.filename().string(),
                    ShortHash(p.sha256())});
  }
  out << "campcount engine " << response.engine_version() << ", plugin API "
      << response.plugin_api_version() << "\n\n";
  if (rows.empty()) {
    out << "No plugins loaded.\n";
  } else {
    PrintTable(out, {"KIND", "NAME", "VERSION", "FILE", "SHA256"}, rows);
    out << "\nLoaded from " << absl::StrJoin(dirs, ", ") << "\n";
  }
  if (response.refused_size() > 0) {
    out << "\nRefused (" << response.refused_size() << "):\n";
    for (const auto& r : response.refused()) {
      out << "  " << r.file() << "\n    " << Wrap(r.reason(), 74, "    ")
          << "\n";
    }
  }
}

int RunPluginsCommand(const std::vector<std::string>& args) {
  std::vector<FlagSpec> specs = {{.name = "json"}};
  for (FlagSpec& s : ConnectionFlags()) specs.push_back(std::move(s));
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, specs);
  if (!parsed.ok()) {
    return ReportUsageError(std::string(parsed.status().message()), "plugins");
  }
  if (!parsed->positional().empty()) {
    return ReportUsageError(
        absl::StrCat("unexpected argument \"", parsed->positional()[0], "\""),
        "plugins");
  }
  absl::StatusOr<ConnectOptions> connect = ConnectOptionsFromArgs(*parsed);
  if (!connect.ok()) {
    return ReportUsageError(std::string(connect.status().message()), "plugins");
  }
  absl::StatusOr<std::unique_ptr<Connection>> connection =
      Connection::Open(*connect);
  if (!connection.ok()) return ReportError(connection.status());

  grpc::ClientContext context;
  campcount::v1::ListPluginsResponse response;
  const grpc::Status status =
      (*connection)
          ->stub()
          .ListPlugins(&context, campcount::v1::ListPluginsRequest(),
                       &response);
  if (absl::Status s = FromGrpc(status, **connection); !s.ok()) {
    return ReportError(s);
  }
  if (parsed->Has("json")) {
    absl::StatusOr<std::string> json = MessageToJson(response);
    if (!json.ok()) return ReportError(json.status());
    std::cout << *json << "\n";
  } else {
    PrintPlugins(response, std::cout);
  }
  return kExitOk;
}

}  // namespace campcount::cli
