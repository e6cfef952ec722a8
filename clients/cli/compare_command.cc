// campcount compare --dataset DIR/dataset.json --pipeline DET:EST
//                   --pipeline DET:EST [...] [--out DIR] [--far-gap-days N]
#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "command_line.h"
#include "connection.h"
#include "dataset_commands.h"
#include "dataset_job_stream.h"
#include "format.h"
#include "json_output.h"

namespace campcount::cli {
namespace {

std::vector<std::string> MetricsRow(const std::string& pipeline,
                                    const std::string& scope,
                                    const campcount::v1::ErrorMetrics& m) {
  return {pipeline,
          scope,
          absl::StrCat(m.n()),
          FormatNumber(m.mae(), 0),
          absl::StrFormat("%.1f %%", m.mape()),
          FormatNumber(m.rmse(), 0),
          FormatNumber(m.bias(), 0),
          m.interval_level() > 0
              ? absl::StrFormat("%.0f %% (%.0f %%)", m.coverage() * 100,
                                m.interval_level() * 100)
              : absl::StrFormat("%.0f %% (range)", m.coverage() * 100),
          FormatNumber(m.mean_width(), 0)};
}

void PrintComparison(const campcount::v1::CompareResult& r, std::ostream& out) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : r.pipelines()) {
    rows.push_back(MetricsRow(p.pipeline(), "all", p.overall()));
    rows.push_back(MetricsRow(p.pipeline(),
                              absl::StrCat("gap >= ", r.far_gap_days(), " d"),
                              p.far_gap()));
    rows.push_back(MetricsRow(p.pipeline(),
                              absl::StrCat("gap < ", r.far_gap_days(), " d"),
                              p.near_gap()));
  }
  PrintTable(out,
             {"PIPELINE", "SURVEYS", "N", "MAE", "MAPE", "RMSE", "BIAS",
              "COVERAGE (CLAIMED)", "MEAN WIDTH"},
             rows);
  for (const auto& p : r.pipelines()) {
    out << "  " << p.pipeline() << ": " << p.evaluation() << "\n";
  }
  out << "\nPaired by camp (per-camp MAE, a − b; negative: a better):\n";
  for (const auto& p : r.paired()) {
    out << "  " << p.a() << " vs " << p.b() << ": " << p.camps()
        << " camps, a better in " << p.a_wins() << ", b better in "
        << p.b_wins() << ", ties " << p.ties() << "; mean difference "
        << FormatNumber(p.mean_difference(), 0) << " people ("
        << FormatNumber(p.level() * 100, 0) << " % CI "
        << FormatNumber(p.lower(), 0) << " to " << FormatNumber(p.upper(), 0)
        << ")\n";
  }
  for (const auto& note : r.notes()) out << "Note: " << note << "\n";
  out << "\nWrote " << r.csv_path() << " (and comparison_summary.csv) and "
      << r.plot_path() << "\nDetected " << r.images_detected() << " image(s); "
      << FormatNumber(r.seconds(), 1) << " s in all.\n";
}

}  // namespace

int RunCompareCommand(const std::vector<std::string>& args) {
  std::vector<FlagSpec> specs = {
      {.name = "dataset", .takes_value = true},
      {.name = "pipeline", .takes_value = true, .repeatable = true},
      {.name = "threshold", .takes_value = true},
      {.name = "camp", .takes_value = true, .repeatable = true},
      {.name = "out", .takes_value = true},
      {.name = "far-gap-days", .takes_value = true},
      {.name = "include-stale"},
      {.name = "json"}};
  for (FlagSpec& s : ConnectionFlags()) specs.push_back(std::move(s));
  auto parsed = ParseArgs(args, specs);
  if (!parsed.ok()) {
    return ReportUsageError(std::string(parsed.status().message()), "compare");
  }
  campcount::v1::CompareRequest request;
  const std::string dataset = parsed->Get("dataset").value_or("");
  if (dataset.empty()) {
    return ReportUsageError("--dataset DIR/dataset.json is required",
                            "compare");
  }
  request.set_dataset(std::filesystem::absolute(dataset).string());
  for (const auto& p : parsed->GetAll("pipeline")) request.add_pipelines(p);
  if (request.pipelines_size() < 2) {
    return ReportUsageError(
        "give two or more --pipeline DETECTOR:ESTIMATOR to compare", "compare");
  }
  if (auto t = parsed->Get("threshold")) {
    float threshold = 0;
    if (!absl::SimpleAtof(*t, &threshold) || !(threshold >= 0) ||
        threshold > 1) {
      return ReportUsageError("--threshold must be between 0 and 1", "compare");
    }
    request.set_score_threshold(threshold);
  }
  if (auto g = parsed->Get("far-gap-days")) {
    int days = 0;
    if (!absl::SimpleAtoi(*g, &days) || days <= 0) {
      return ReportUsageError("--far-gap-days must be a whole number above 0",
                              "compare");
    }
    request.set_far_gap_days(days);
  }
  if (auto o = parsed->Get("out")) {
    request.set_output_dir(std::filesystem::absolute(*o).string());
  }
  for (const auto& c : parsed->GetAll("camp")) request.add_camps(c);
  request.set_include_stale_surveys(parsed->Has("include-stale"));
  auto connect = ConnectOptionsFromArgs(*parsed);
  if (!connect.ok()) {
    return ReportUsageError(std::string(connect.status().message()), "compare");
  }
  auto connection = Connection::Open(*connect);
  if (!connection.ok()) return ReportError(connection.status());
  grpc::ClientContext context;
  auto reader = (*connection)->stub().Compare(&context, request);
  absl::StatusOr<campcount::v1::CompareResult> result =
      ReadDatasetJob<campcount::v1::CompareResult>(*reader, **connection);
  if (!result.ok()) return ReportError(result.status());
  if (parsed->Has("json")) {
    absl::StatusOr<std::string> json = MessageToJson(*result);
    if (!json.ok()) return ReportError(json.status());
    std::cout << *json << "\n";
    return kExitOk;
  }
  PrintComparison(*result, std::cout);
  return kExitOk;
}

}  // namespace campcount::cli
