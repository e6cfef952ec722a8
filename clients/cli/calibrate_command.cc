// campcount calibrate --dataset DIR/dataset.json --estimator NAME
//                     [--detector NAME] [--threshold P] [--include-stale]
#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "command_line.h"
#include "connection.h"
#include "dataset_commands.h"
#include "dataset_job_stream.h"
#include "format.h"
#include "json_output.h"

namespace campcount::cli {
namespace {

void PrintCalibration(const campcount::v1::CalibrateResult& r,
                      std::ostream& out) {
  const auto& a = r.artifact();
  const auto& fit = a.fit();
  out << "Calibrated " << a.estimator() << " " << a.estimator_version()
      << " -> version " << a.version() << "\n  " << r.path() << "\n  sha256 "
      << a.sha256() << "\n\n"
      << fit.formula() << "\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : fit.coefficients()) {
    rows.push_back({c.name(), absl::StrCat(c.value()),
                    absl::StrCat(c.standard_error()), c.unit()});
  }
  PrintTable(out, {"COEFFICIENT", "VALUE", "STD ERROR", "UNIT"}, rows);
  out << "\nn = " << fit.n() << " surveys of " << fit.camps()
      << " camps, R² = " << FormatNumber(fit.r_squared(), 4)
      << ", residual SD = " << FormatNumber(fit.residual_sd(), 1)
      << " people\nTraining range:";
  for (const auto& range : fit.training_range()) {
    out << "\n  " << range.name() << " " << FormatNumber(range.min(), 1)
        << " – " << FormatNumber(range.max(), 1) << " " << range.unit();
  }
  out << "\nDetector " << a.detector() << " " << a.detector_version()
      << " (sha256 " << a.detector_sha256().substr(0, 12) << "), threshold "
      << FormatNumber(a.score_threshold(), 2) << "; dataset " << a.dataset()
      << "\n";
  for (const auto& note : r.notes()) out << "Note: " << note << "\n";
  out << "Detected " << r.images_detected() << " image(s) in "
      << FormatNumber(r.seconds(), 1) << " s.\n";
}

}  // namespace

int RunCalibrateCommand(const std::vector<std::string>& args) {
  std::vector<FlagSpec> specs = {
      {.name = "dataset", .takes_value = true},
      {.name = "estimator", .takes_value = true},
      {.name = "detector", .takes_value = true},
      {.name = "threshold", .takes_value = true},
      {.name = "camp", .takes_value = true, .repeatable = true},
      {.name = "include-stale"},
      {.name = "json"}};
  for (FlagSpec& s : ConnectionFlags()) specs.push_back(std::move(s));
  auto parsed = ParseArgs(args, specs);
  if (!parsed.ok()) {
    return ReportUsageError(std::string(parsed.status().message()),
                            "calibrate");
  }
  campcount::v1::CalibrateRequest request;
  const std::string dataset = parsed->Get("dataset").value_or("");
  if (dataset.empty()) {
    return ReportUsageError("--dataset DIR/dataset.json is required",
                            "calibrate");
  }
  request.set_dataset(std::filesystem::absolute(dataset).string());
  request.set_estimator(parsed->Get("estimator").value_or(""));
  if (request.estimator().empty()) {
    return ReportUsageError("--estimator NAME is required (e.g. area_linear)",
                            "calibrate");
  }
  request.set_detector(parsed->Get("detector").value_or(""));
  if (auto t = parsed->Get("threshold")) {
    float threshold = 0;
    if (!absl::SimpleAtof(*t, &threshold) || !(threshold >= 0) ||
        threshold > 1) {
      return ReportUsageError("--threshold must be between 0 and 1",
                              "calibrate");
    }
    request.set_score_threshold(threshold);
  }
  for (const auto& c : parsed->GetAll("camp")) request.add_camps(c);
  request.set_include_stale_surveys(parsed->Has("include-stale"));
  auto connect = ConnectOptionsFromArgs(*parsed);
  if (!connect.ok()) {
    return ReportUsageError(std::string(connect.status().message()),
                            "calibrate");
  }
  auto connection = Connection::Open(*connect);
  if (!connection.ok()) return ReportError(connection.status());
  grpc::ClientContext context;
  auto reader = (*connection)->stub().Calibrate(&context, request);
  absl::StatusOr<campcount::v1::CalibrateResult> result =
      ReadDatasetJob<campcount::v1::CalibrateResult>(*reader, **connection);
  if (!result.ok()) return ReportError(result.status());
  if (parsed->Has("json")) {
    absl::StatusOr<std::string> json = MessageToJson(*result);
    if (!json.ok()) return ReportError(json.status());
    std::cout << *json << "\n";
    return kExitOk;
  }
  PrintCalibration(*result, std::cout);
  return kExitOk;
}

}  // namespace campcount::cli
