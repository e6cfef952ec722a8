#include "history_command.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "command_line.h"
#include "connection.h"
#include "estimate_outputs.h"
#include "format.h"
#include "json_output.h"
#include "summary_printer.h"

namespace campcount::cli {
namespace {

const char* StateWord(campcount::v1::RecordState state) {
  switch (state) {
    case campcount::v1::RECORD_STATE_COMPLETE:
      return "complete";
    case campcount::v1::RECORD_STATE_FAILED:
      return "failed";
    default:
      return "incomplete";
  }
}

bool IsDate(const std::string& text) {
  absl::CivilDay day;
  return text.size() == 10 && absl::ParseCivilTime(text, &day);
}

// A record in the shape the estimate printer knows.
EstimateResult ResultOfRecord(const campcount::v1::EstimateRecord& record) {
  EstimateResult result;
  campcount::v1::EstimateStarted started;
  *started.mutable_scene() = record.scene();
  started.set_source(record.source());
  started.set_detector(record.detector());
  started.set_score_threshold(record.score_threshold());
  *started.mutable_estimators() = record.estimators();
  started.set_tile_count(record.tile_count());
  started.set_tile_size_px(record.tile_size_px());
  started.set_tile_overlap_px(record.tile_overlap_px());
  result.started = started;
  result.estimates.assign(record.estimates().begin(), record.estimates().end());
  campcount::v1::EstimateDone done;
  *done.mutable_features() = record.features();
  done.set_detections_before_nms(record.detections_before_nms());
  done.set_dropped_by_nms(record.dropped_by_nms());
  done.set_dropped_outside_boundary(record.dropped_outside_boundary());
  done.set_seconds(record.seconds());
  done.set_dropped_at_tile_edge(record.dropped_at_tile_edge());
  done.set_record_id(record.id());
  done.set_selected_image_id(record.selected_image_id());
  done.set_days_image_to_target(record.days_image_to_target());
  if (!record.selected_image_id().empty()) {
    done.set_selected_image_uri(record.image_uri());
  }
  if (record.has_challenger()) *done.mutable_challenger() = record.challenger();
  result.done = done;
  return result;
}

absl::StatusOr<campcount::v1::EstimateRecord> GetRecord(Connection& connection,
                                                        const std::string& id) {
  grpc::ClientContext context;
  campcount::v1::GetEstimateRequest request;
  request.set_id(id);
  campcount::v1::EstimateRecord record;
  grpc::Status status =
      connection.stub().GetEstimate(&context, request, &record);
  if (!status.ok()) return FromGrpc(status, connection);
  return record;
}

int ShowRecord(Connection& connection, const std::string& id, bool json) {
  absl::StatusOr<campcount::v1::EstimateRecord> record =
      GetRecord(connection, id);
  if (!record.ok()) return ReportError(record.status());
  if (json) {
    absl::StatusOr<std::string> text = MessageToJson(*record);
    if (!text.ok()) return ReportError(text.status());
    std::cout << *text << "\n";
    return kExitOk;
  }
  std::cout << "record " << record->id() << " (" << StateWord(record->state())
            << "), started " << record->started_at();
  if (!record->completed_at().empty()) {
    std::cout << ", finished " << record->completed_at();
  }
  std::cout << ", engine " << record->engine_version() << "\n";
  if (!record->error().empty())
    std::cout << "error: " << record->error() << "\n";
  if (record->state() != campcount::v1::RECORD_STATE_COMPLETE) {
    std::cout << "image: " << record->image_uri() << "\n";
    return kExitOk;
  }
  std::cout << "\n";
  PrintSummary(ResultOfRecord(*record), std::cout);
  return kExitOk;
}

}  // namespace

int RunHistoryCommand(const std::vector<std::string>& args) {
  std::vector<FlagSpec> specs = {{.name = "camp", .takes_value = true},
                                 {.name = "from", .takes_value = true},
                                 {.name = "to", .takes_value = true},
                                 {.name = "limit", .takes_value = true},
                                 {.name = "json"}};
  for (FlagSpec& s : ConnectionFlags()) specs.push_back(std::move(s));
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, specs);
  if (!parsed.ok()) {
    return ReportUsageError(std::string(parsed.status().message()), "history");
  }
  if (parsed->positional().size() > 1) {
    return ReportUsageError(
        absl::StrCat("unexpected argument \"", parsed->positional()[1], "\""),
        "history");
  }
  campcount::v1::ListEstimatesRequest request;
  request.set_camp_id(parsed->Get("camp").value_or(""));
  for (const char* flag : {"from", "to"}) {
    if (auto d = parsed->Get(flag); d.has_value() && !IsDate(*d)) {
      return ReportUsageError(
          absl::StrCat("--", flag, " must be YYYY-MM-DD, got \"", *d, "\""),
          "history");
    }
  }
  request.set_from_date(parsed->Get("from").value_or(""));
  request.set_to_date(parsed->Get("to").value_or(""));
  if (auto l = parsed->Get("limit")) {
    int limit = 0;
    if (!absl::SimpleAtoi(*l, &limit) || limit < 1) {
      return ReportUsageError(
          absl::StrCat("--limit must be a whole number above 0, got \"", *l,
                       "\""),
          "history");
    }
    request.set_limit(limit);
  }
  absl::StatusOr<ConnectOptions> connect = ConnectOptionsFromArgs(*parsed);
  if (!connect.ok()) {
    return ReportUsageError(std::string(connect.status().message()), "history");
  }
  absl::StatusOr<std::unique_ptr<Connection>> connection =
      Connection::Open(*connect);
  if (!connection.ok()) return ReportError(connection.status());
  const bool json = parsed->Has("json");
  if (parsed->positional().size() == 1) {
    return ShowRecord(**connection, parsed->positional()[0], json);
  }

  grpc::ClientContext context;
  campcount::v1::ListEstimatesResponse response;
  grpc::Status status =
      (*connection)->stub().ListEstimates(&context, request, &response);
  if (!status.ok()) return ReportError(FromGrpc(status, **connection));
  if (json) {
    absl::StatusOr<std::string> text = MessageToJson(response);
    if (!text.ok()) return ReportError(text.status());
    std::cout << *text << "\n";
    return kExitOk;
  }
  if (response.records().empty()) {
    std::cout << "no recorded estimates match\n";
    return kExitOk;
  }
  // Columns as wide as their longest entry.
  size_t id_w = 2, camp_w = 4;
  for (const auto& r : response.records()) {
    id_w = std::max(id_w, r.id().size());
    camp_w = std::max(camp_w, r.camp_id().size());
  }
  auto row = [&](const std::string& id, const std::string& state,
                 const std::string& camp, const std::string& date,
                 const std::string& population, const std::string& estimator,
                 const std::string& started) {
    std::cout << absl::StrFormat("%-*s  %-10s  %-*s  %-10s  %10s  %-14s  %s\n",
                                 id_w, id, state, camp_w, camp, date,
                                 population, estimator, started);
  };
  row("ID", "STATE", "CAMP", "FOR DATE", "POPULATION", "ESTIMATOR", "STARTED");
  for (const auto& r : response.records()) {
    std::string population = "-", estimator = "-";
    if (r.estimates_size() > 0) {
      population = FormatNumber(r.estimates(0).population());
      estimator = r.estimates(0).estimator();
    }
    row(r.id(), StateWord(r.state()), r.camp_id().empty() ? "-" : r.camp_id(),
        r.for_date().empty() ? "-" : r.for_date(), population, estimator,
        r.started_at());
  }
  return kExitOk;
}

int RunReportCommand(const std::vector<std::string>& args) {
  std::vector<FlagSpec> specs = {{.name = "out", .takes_value = true}};
  for (FlagSpec& s : OutputFileFlags()) specs.push_back(std::move(s));
  for (FlagSpec& s : ConnectionFlags()) specs.push_back(std::move(s));
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, specs);
  if (!parsed.ok()) {
    return ReportUsageError(std::string(parsed.status().message()), "report");
  }
  if (parsed->positional().size() != 1) {
    return ReportUsageError("give one record id (see campcount history)",
                            "report");
  }
  OutputFiles files = OutputFilesFromArgs(*parsed);
  if (auto out = parsed->Get("out")) files.report = *out;
  if (!files.any()) {
    return ReportUsageError("--out FILE.html is required", "report");
  }
  absl::StatusOr<ConnectOptions> connect = ConnectOptionsFromArgs(*parsed);
  if (!connect.ok()) {
    return ReportUsageError(std::string(connect.status().message()), "report");
  }
  absl::StatusOr<std::unique_ptr<Connection>> connection =
      Connection::Open(*connect);
  if (!connection.ok()) return ReportError(connection.status());
  absl::StatusOr<campcount::v1::EstimateRecord> record =
      GetRecord(**connection, parsed->positional()[0]);
  if (!record.ok()) return ReportError(record.status());
  if (absl::Status s = WriteOutputFiles(*record, files); !s.ok()) {
    return ReportError(s);
  }
  if (!files.report.empty()) std::cout << "wrote " << files.report << "\n";
  return kExitOk;
}

}  // namespace campcount::cli
