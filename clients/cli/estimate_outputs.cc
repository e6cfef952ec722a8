#include "estimate_outputs.h"

#include <grpcpp/grpcpp.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "estimate_overlay.h"
#include "estimate_report.h"
#include "geojson_writer.h"

namespace campcount::cli {
namespace {

absl::Status WriteBytes(const std::string& path, const std::string& bytes,
                        const char* what) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    return absl::PermissionDeniedError(absl::StrCat(
        "cannot write the ", what, " ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

// The report's image is smaller than a stand-alone overlay: it is embedded.
constexpr int kReportImageSidePx = 1200;

}  // namespace

std::vector<FlagSpec> OutputFileFlags() {
  return {{.name = "geojson", .takes_value = true},
          {.name = "overlay", .takes_value = true},
          {.name = "report", .takes_value = true}};
}

OutputFiles OutputFilesFromArgs(const ParsedArgs& args) {
  return {.geojson = args.Get("geojson").value_or(""),
          .overlay = args.Get("overlay").value_or(""),
          .report = args.Get("report").value_or("")};
}

absl::StatusOr<campcount::v1::EstimateRecord> RecordOfEstimate(
    Connection& connection, const campcount::v1::EstimateRequest& request,
    const EstimateResult& result) {
  if (result.done.has_value() && !result.done->record_id().empty()) {
    grpc::ClientContext context;
    campcount::v1::GetEstimateRequest get;
    get.set_id(result.done->record_id());
    campcount::v1::EstimateRecord record;
    grpc::Status status = connection.stub().GetEstimate(&context, get, &record);
    if (status.ok()) return record;
    return FromGrpc(status, connection);
  }
  // Recording is off in this engine: the stream has everything but the
  // record's id, times and engine version.
  campcount::v1::EstimateRecord record;
  record.set_state(campcount::v1::RECORD_STATE_COMPLETE);
  record.set_camp_id(request.camp_id());
  record.set_image_uri(request.image_uri());
  if (result.started.has_value()) {
    *record.mutable_scene() = result.started->scene();
    record.set_source(result.started->source());
    record.set_detector(result.started->detector());
    record.set_score_threshold(result.started->score_threshold());
    *record.mutable_estimators() = result.started->estimators();
    record.set_tile_count(result.started->tile_count());
    record.set_tile_size_px(result.started->tile_size_px());
    record.set_tile_overlap_px(result.started->tile_overlap_px());
  }
  for (const auto& e : result.estimates) *record.add_estimates() = e;
  for (const auto& d : result.detections) *record.add_detections() = d;
  if (result.done.has_value()) {
    *record.mutable_features() = result.done->features();
    if (result.done->has_challenger()) {
      *record.mutable_challenger() = result.done->challenger();
    }
    if (record.image_uri().empty()) {
      record.set_image_uri(result.done->selected_image_uri());
    }
    record.set_selected_image_id(result.done->selected_image_id());
    record.set_days_image_to_target(result.done->days_image_to_target());
    const auto& f = result.done->features();
    record.set_for_date(f.target_date().empty() ? f.image_date()
                                                : f.target_date());
  }
  return record;
}

absl::Status WriteOutputFiles(const campcount::v1::EstimateRecord& record,
                              const OutputFiles& files) {
  if (!files.geojson.empty()) {
    absl::StatusOr<std::string> geojson = DetectionsToGeoJson(record);
    if (!geojson.ok()) return geojson.status();
    if (absl::Status s = WriteBytes(files.geojson, *geojson, "GeoJSON file");
        !s.ok()) {
      return s;
    }
  }
  if (!files.overlay.empty()) {
    absl::StatusOr<std::string> png = RenderOverlayPng(record);
    if (!png.ok()) return png.status();
    if (absl::Status s = WriteBytes(files.overlay, *png, "overlay image");
        !s.ok()) {
      return s;
    }
  }
  if (!files.report.empty()) {
    ReportContent content;
    content.record = record;
    // The page is still worth having when the image has moved since.
    absl::StatusOr<std::string> png =
        RenderOverlayPng(record, kReportImageSidePx);
    if (png.ok()) {
      content.overlay_png = *std::move(png);
    } else {
      content.image_note = std::string(png.status().message());
    }
    if (absl::Status s = WriteBytes(files.report, RenderEstimateReport(content),
                                    "HTML report");
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace campcount::cli
