#include "estimate_command.h"

#include <grpcpp/grpcpp.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "command_line.h"
#include "estimate_outputs.h"
#include "json_output.h"
#include "progress_bar.h"
#include "summary_printer.h"

namespace campcount::cli {
namespace {

namespace fs = std::filesystem;

absl::StatusOr<std::string> ReadTextFile(const std::string& path,
                                         const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot read ", what, " ", path,
                                            ": ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool IsDate(const std::string& text) {
  absl::CivilDay day;
  return text.size() == 10 && absl::ParseCivilTime(text, &day);
}

}  // namespace

std::string ImageUri(const std::string& image) {
  if (absl::StrContains(image, "://") || absl::StartsWith(image, "/vsi")) {
    return image;
  }
  std::error_code error;
  if (!fs::exists(image, error)) return image;  // let the engine say so
  const fs::path absolute = fs::absolute(image, error);
  return error ? image : absolute.lexically_normal().string();
}

absl::StatusOr<EstimateResult> StreamEstimate(
    Connection& connection, const campcount::v1::EstimateRequest& request,
    bool show_progress) {
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReader<campcount::v1::EstimateEvent>> reader =
      connection.stub().Estimate(&context, request);
  EstimateResult result;
  ProgressBar bar(std::cerr, show_progress);
  campcount::v1::EstimateEvent event;
  while (reader->Read(&event)) {
    switch (event.event_case()) {
      case campcount::v1::EstimateEvent::kStarted:
        result.started = event.started();
        bar.Update(0, event.started().tile_count(), 0);
        break;
      case campcount::v1::EstimateEvent::kProgress:
        bar.Update(event.progress().tiles_done(), event.progress().tile_count(),
                   event.progress().detections_so_far());
        break;
      case campcount::v1::EstimateEvent::kDetections:
        for (const auto& d : event.detections().detections()) {
          result.detections.push_back(d);
        }
        break;
      case campcount::v1::EstimateEvent::kEstimate:
        result.estimates.push_back(event.estimate());
        break;
      case campcount::v1::EstimateEvent::kDone:
        result.done = event.done();
        break;
      case campcount::v1::EstimateEvent::EVENT_NOT_SET:
        break;  // an event kind newer than this client
    }
  }
  bar.Clear();
  if (absl::Status s = FromGrpc(reader->Finish(), connection); !s.ok()) {
    return s;
  }
  if (!result.done.has_value()) {
    return absl::InternalError("the engine ended the stream without a result");
  }
  return result;
}

absl::Status PrintEstimateResult(const EstimateResult& result,
                                 const OutputOptions& options,
                                 std::ostream& out) {
  if (options.json) {
    absl::StatusOr<std::string> json =
        EstimateResultToJson(result, options.extra_json);
    if (!json.ok()) return json.status();
    out << *json << "\n";
    return absl::OkStatus();
  }
  PrintSummary(result, out);
  if (options.detections) {
    out << "\n";
    PrintDetections(result.detections, out);
  }
  if (result.done.has_value() && !result.done->record_id().empty()) {
    const std::string& id = result.done->record_id();
    out << "\nRecorded as estimate " << id << ": campcount history " << id
        << " shows it again, campcount report " << id
        << " --out FILE.html makes its report.\n";
  }
  return absl::OkStatus();
}

int RunEstimateCommand(const std::vector<std::string>& args) {
  std::vector<FlagSpec> specs = {
      {.name = "image", .takes_value = true},
      {.name = "boundary", .takes_value = true},
      {.name = "camp-id", .takes_value = true},
      {.name = "source", .takes_value = true},
      {.name = "detector", .takes_value = true},
      {.name = "model", .takes_value = true},
      {.name = "model-version", .takes_value = true},
      {.name = "estimator", .takes_value = true, .repeatable = true},
      {.name = "threshold", .takes_value = true},
      {.name = "target-date", .takes_value = true},
      {.name = "dataset", .takes_value = true},
      {.name = "gsd", .takes_value = true},
      {.name = "margin", .takes_value = true},
      {.name = "stretch"},
      {.name = "no-stretch"},
      {.name = "detections"},
      {.name = "json"},
      // Issue 5: shadow-mode challenger, calibration version, census file.
      {.name = "challenger", .takes_value = true},
      {.name = "calibration-version", .takes_value = true},
      {.name = "census", .takes_value = true},
  };
  for (FlagSpec& s : ConnectionFlags()) specs.push_back(std::move(s));
  for (FlagSpec& s : OutputFileFlags()) specs.push_back(std::move(s));
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, specs);
  if (!parsed.ok()) {
    return ReportUsageError(std::string(parsed.status().message()), "estimate");
  }

  // The image may also be given as the one positional argument.
  std::string image = parsed->Get("image").value_or("");
  std::vector<std::string> rest = parsed->positional();
  if (image.empty() && !rest.empty()) {
    image = rest.front();
    rest.erase(rest.begin());
  }
  if (!rest.empty()) {
    return ReportUsageError(
        absl::StrCat("unexpected argument \"", rest.front(), "\""), "estimate");
  }
  const std::string dataset = parsed->Get("dataset").value_or("");
  if (image.empty() && dataset.empty()) {
    return ReportUsageError(
        "--image FILE (or --dataset DIR with --camp-id and --target-date) is "
        "required",
        "estimate");
  }

  campcount::v1::EstimateRequest request;
  if (!image.empty()) request.set_image_uri(ImageUri(image));
  // The engine picks the camp's image closest before --target-date.
  if (!dataset.empty()) request.set_dataset(ImageUri(dataset));
  for (const auto& [flag, setter] :
       {std::pair<const char*,
                  void (campcount::v1::EstimateRequest::*)(double)>{
            "gsd", &campcount::v1::EstimateRequest::set_target_gsd_m},
        {"margin", &campcount::v1::EstimateRequest::set_margin_m}}) {
    if (std::optional<std::string> v = parsed->Get(flag)) {
      double value = 0;
      if (!absl::SimpleAtod(*v, &value)) {
        return ReportUsageError(absl::StrCat("--", flag,
                                             " must be a number of metres, "
                                             "got \"",
                                             *v, "\""),
                                "estimate");
      }
      (request.*setter)(value);  // the engine checks the range
    }
  }
  if (parsed->Has("stretch") && parsed->Has("no-stretch")) {
    return ReportUsageError("give --stretch or --no-stretch, not both",
                            "estimate");
  }
  if (parsed->Has("stretch")) request.set_contrast_stretch(true);
  if (parsed->Has("no-stretch")) request.set_contrast_stretch(false);
  request.set_camp_id(parsed->Get("camp-id").value_or(""));
  request.set_source(parsed->Get("source").value_or(""));
  request.set_detector(parsed->Get("detector").value_or(""));
  request.set_model(parsed->Get("model").value_or(""));
  request.set_model_version(parsed->Get("model-version").value_or(""));
  for (const std::string& e : parsed->GetAll("estimator")) {
    request.add_estimators(e);
  }
  if (std::optional<std::string> t = parsed->Get("threshold")) {
    float threshold = 0;
    if (!absl::SimpleAtof(*t, &threshold) || !(threshold >= 0) ||
        threshold > 1) {
      return ReportUsageError(
          absl::StrCat("--threshold must be a score between 0 and 1, got \"",
                       *t, "\""),
          "estimate");
    }
    request.set_score_threshold(threshold);
  }
  if (std::optional<std::string> d = parsed->Get("target-date")) {
    if (!IsDate(*d)) {
      return ReportUsageError(
          absl::StrCat("--target-date must be YYYY-MM-DD, got \"", *d, "\""),
          "estimate");
    }
    request.set_target_date(*d);
  }
  request.set_challenger(parsed->Get("challenger").value_or(""));
  request.set_calibration_version(
      parsed->Get("calibration-version").value_or(""));
  if (std::optional<std::string> c = parsed->Get("census")) {
    request.set_census_uri(std::filesystem::absolute(*c).string());
  }
  OutputOptions output;
  output.json = parsed->Has("json");
  output.detections = parsed->Has("detections");
  const OutputFiles files = OutputFilesFromArgs(*parsed);
  // The output files draw every detection.
  request.set_include_detections(output.detections || files.any());

  absl::StatusOr<ConnectOptions> connect = ConnectOptionsFromArgs(*parsed);
  if (!connect.ok()) {
    return ReportUsageError(std::string(connect.status().message()),
                            "estimate");
  }
  if (std::optional<std::string> b = parsed->Get("boundary")) {
    absl::StatusOr<std::string> geojson = ReadTextFile(*b, "boundary file");
    if (!geojson.ok()) return ReportError(geojson.status());
    request.set_boundary_geojson(*std::move(geojson));
  }

  absl::StatusOr<std::unique_ptr<Connection>> connection =
      Connection::Open(*connect);
  if (!connection.ok()) return ReportError(connection.status());
  absl::StatusOr<EstimateResult> result =
      StreamEstimate(**connection, request, StderrIsTerminal());
  if (!result.ok()) return ReportError(result.status());
  if (files.any()) {
    absl::StatusOr<campcount::v1::EstimateRecord> record =
        RecordOfEstimate(**connection, request, *result);
    if (!record.ok()) return ReportError(record.status());
    if (absl::Status s = WriteOutputFiles(*record, files); !s.ok()) {
      return ReportError(s);
    }
    if (!output.detections) result->detections.clear();  // not asked to print
  }
  if (absl::Status s = PrintEstimateResult(*result, output, std::cout);
      !s.ok()) {
    return ReportError(s);
  }
  return kExitOk;
}

}  // namespace campcount::cli
