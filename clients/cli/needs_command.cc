// campcount needs (--population N [--lower L --upper U] | --census FILE
//                  --camp ID) [--standards sphere|unhcr|FILE] [--months N]
//                  [--trend PEOPLE_PER_DAY] [--date YYYY-MM-DD]
#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "command_line.h"
#include "connection.h"
#include "dataset_commands.h"
#include "format.h"
#include "json_output.h"

namespace campcount::cli {
namespace {

std::string Range(const campcount::v1::Quantity& q, int decimals = 0) {
  if (q.lower() == q.upper()) return FormatNumber(q.value(), decimals);
  return absl::StrCat(FormatNumber(q.value(), decimals), " (",
                      FormatNumber(q.lower(), decimals), "–",
                      FormatNumber(q.upper(), decimals), ")");
}

void PrintNeeds(const campcount::v1::SupplyNeedsResponse& r,
                std::ostream& out) {
  out << "Standards: " << r.standards_name() << " (" << r.standards_file()
      << ")\nBasis: " << r.basis()
      << "\nTrend: " << FormatNumber(r.trend_people_per_day(), 2)
      << " people per day\n";
  for (const auto& period : r.periods()) {
    out << "\n" << period.label();
    if (!period.date().empty()) out << " (" << period.date() << ")";
    out << ": " << Range(period.population()) << " people\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& line : period.lines()) {
      if (line.has_required()) {
        rows.push_back({line.item(), Range(line.required()), "", line.unit(),
                        line.standard()});
      } else {
        rows.push_back({line.item(), Range(line.per_day()),
                        Range(line.per_month()), line.unit(), line.standard()});
      }
    }
    PrintTable(out,
               {"ITEM", "PER DAY / REQUIRED", "PER MONTH", "UNIT", "STANDARD"},
               rows);
  }
  for (const auto& w : r.warnings()) out << "Warning: " << w << "\n";
}

bool ParseDouble(const std::optional<std::string>& text, double* out) {
  return text && absl::SimpleAtod(*text, out);
}

}  // namespace

int RunNeedsCommand(const std::vector<std::string>& args) {
  std::vector<FlagSpec> specs = {{.name = "population", .takes_value = true},
                                 {.name = "lower", .takes_value = true},
                                 {.name = "upper", .takes_value = true},
                                 {.name = "census", .takes_value = true},
                                 {.name = "camp", .takes_value = true},
                                 {.name = "standards", .takes_value = true},
                                 {.name = "months", .takes_value = true},
                                 {.name = "trend", .takes_value = true},
                                 {.name = "date", .takes_value = true},
                                 {.name = "json"}};
  for (FlagSpec& s : ConnectionFlags()) specs.push_back(std::move(s));
  auto parsed = ParseArgs(args, specs);
  if (!parsed.ok()) {
    return ReportUsageError(std::string(parsed.status().message()), "needs");
  }
  campcount::v1::SupplyNeedsRequest request;
  if (parsed->Has("population") == parsed->Has("census")) {
    return ReportUsageError(
        "give either --population N or --census FILE --camp ID", "needs");
  }
  if (parsed->Has("population")) {
    double population = 0, lower = 0, upper = 0;
    if (!ParseDouble(parsed->Get("population"), &population) ||
        population < 0) {
      return ReportUsageError("--population must be a number of at least 0",
                              "needs");
    }
    auto* estimate = request.mutable_estimate();
    estimate->set_population(population);
    if (parsed->Has("lower") || parsed->Has("upper")) {
      if (!ParseDouble(parsed->Get("lower"), &lower) ||
          !ParseDouble(parsed->Get("upper"), &upper) || lower > population ||
          upper < population) {
        return ReportUsageError(
            "--lower and --upper go together, with lower <= population <= "
            "upper",
            "needs");
      }
      estimate->mutable_interval()->set_lower(lower);
      estimate->mutable_interval()->set_upper(upper);
    }
  } else {
    if (!parsed->Has("camp")) {
      return ReportUsageError("--census needs --camp ID", "needs");
    }
    request.mutable_census()->set_census_uri(
        std::filesystem::absolute(*parsed->Get("census")).string());
    request.mutable_census()->set_site_id(*parsed->Get("camp"));
  }
  std::string standards = parsed->Get("standards").value_or("");
  if (standards.find('/') != std::string::npos ||
      standards.find('.') != std::string::npos) {
    standards = std::filesystem::absolute(standards).string();
  }
  request.set_standards(standards);
  if (auto m = parsed->Get("months")) {
    int months = 0;
    if (!absl::SimpleAtoi(*m, &months) || months < 1) {
      return ReportUsageError("--months must be a whole number of at least 1",
                              "needs");
    }
    request.set_projection_months(months);
  }
  if (parsed->Has("trend")) {
    double trend = 0;
    if (!ParseDouble(parsed->Get("trend"), &trend)) {
      return ReportUsageError("--trend must be people per day (a number)",
                              "needs");
    }
    request.set_trend_people_per_day(trend);
  }
  request.set_as_of_date(parsed->Get("date").value_or(""));
  auto connect = ConnectOptionsFromArgs(*parsed);
  if (!connect.ok()) {
    return ReportUsageError(std::string(connect.status().message()), "needs");
  }
  auto connection = Connection::Open(*connect);
  if (!connection.ok()) return ReportError(connection.status());
  grpc::ClientContext context;
  campcount::v1::SupplyNeedsResponse response;
  grpc::Status status =
      (*connection)->stub().SupplyNeeds(&context, request, &response);
  if (!status.ok()) return ReportError(FromGrpc(status, **connection));
  if (parsed->Has("json")) {
    absl::StatusOr<std::string> json = MessageToJson(response);
    if (!json.ok()) return ReportError(json.status());
    std::cout << *json << "\n";
    return kExitOk;
  }
  PrintNeeds(response, std::cout);
  return kExitOk;
}

}  // namespace campcount::cli
