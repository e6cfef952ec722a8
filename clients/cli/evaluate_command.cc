#include "evaluate_command.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "atomic_file.h"
#include "command_line.h"
#include "connection.h"
#include "dataset_reader.h"
#include "estimate_command.h"
#include "evaluate_inputs.h"
#include "evaluate_report.h"
#include "evaluation_geojson.h"
#include "image_evaluation.h"
#include "image_frame.h"
#include "label_file.h"
#include "overlay_image.h"
#include "plain_tile.h"
#include "staged_output.h"

namespace campcount::cli {
namespace {

namespace fs = std::filesystem;

constexpr char kGeoJsonName[] = "evaluation.geojson";
constexpr char kReportName[] = "evaluation.json";
constexpr char kOverlayDirName[] = "overlays";
constexpr char kDefaultOut[] = "campcount-evaluation";

struct EvaluateOptions {
  std::string detector;
  float threshold = 0.5f;
  double iou = evaluation::kDefaultIouThreshold;
  double gsd_m = 0;  // tiles only
  // > 0: ask the source to resample to this GSD (else the engine's choice).
  double target_gsd_m = 0;
  bool json = false;
};

// The parsed number of flag --`name`, or a usage error.
absl::StatusOr<double> NumberFlag(const ParsedArgs& args,
                                  const std::string& name, double fallback) {
  std::optional<std::string> text = args.Get(name);
  if (!text.has_value()) return fallback;
  double value = 0;
  if (!absl::SimpleAtod(*text, &value) || !std::isfinite(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", name, " must be a number, got \"", *text, "\""));
  }
  return value;
}

// The image's label boxes, read before any detection runs so a bad labels
// file fails in a second, not after minutes of detection.
absl::StatusOr<std::vector<std::vector<evaluation::LabelBox>>> ReadAllLabels(
    const std::vector<EvaluationInput>& inputs) {
  std::vector<std::vector<evaluation::LabelBox>> labels;
  for (const EvaluationInput& input : inputs) {
    absl::StatusOr<std::vector<evaluation::LabelBox>> boxes =
        evaluation::ReadLabelFile(input.labels_path);
    if (!boxes.ok()) {
      return absl::Status(
          boxes.status().code(),
          absl::StrCat(input.labels_origin, ": ", boxes.status().message()));
    }
    labels.push_back(*std::move(boxes));
  }
  return labels;
}

// Every box the engine kept (at the request's score floor of 0), brought
// back to the image's own pixels.
absl::StatusOr<std::vector<evaluation::ScoredBox>> DetectionsInImagePixels(
    const EstimateResult& result, const evaluation::ImageFrame& frame) {
  std::vector<evaluation::ScoredBox> boxes;
  for (const campcount::v1::Detection& d : result.detections) {
    if (!d.kept()) continue;  // duplicates (NMS) and empty boxes
    const auto& p = d.pixel_box();
    absl::StatusOr<core::Box> box = frame.FromScenePixels(
        result.started->scene(),
        core::Box{p.xmin(), p.ymin(), p.xmax(), p.ymax()});
    if (!box.ok()) return box.status();
    boxes.push_back({*box, d.score()});
  }
  return boxes;
}

void RecordDetector(const EstimateResult& result, EvaluationContext* context) {
  context->detector = result.started->detector();
  for (const auto& estimate : result.estimates) {
    for (const auto& c : estimate.explanation().components()) {
      if (c.role() == "detector") {
        context->detector_version = c.version();
        context->detector_sha256 = c.sha256();
      }
    }
  }
}

// An id as a file name: anything but letters, digits, '-', '_' and '.'
// becomes '_'.
std::string FileNameOf(const std::string& id) {
  std::string out = id;
  for (char& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' &&
        c != '.') {
      c = '_';
    }
  }
  return out.empty() || out[0] == '.' ? "_" + out : out;
}

absl::Status Evaluate(const std::vector<EvaluationInput>& inputs,
                      const EvaluateOptions& options,
                      const ConnectOptions& connect, const std::string& out_dir,
                      EvaluationContext context) {
  const auto started_at = std::chrono::steady_clock::now();
  absl::StatusOr<std::vector<std::vector<evaluation::LabelBox>>> labels =
      ReadAllLabels(inputs);
  if (!labels.ok()) return labels.status();
  absl::StatusOr<evaluation::StagedOutput> staged =
      evaluation::StagedOutput::Create(out_dir);
  if (!staged.ok()) return staged.status();
  const fs::path overlays = staged->StagingPath(kOverlayDirName);
  fs::create_directories(overlays);
  absl::StatusOr<std::unique_ptr<Connection>> connection =
      Connection::Open(connect);
  if (!connection.ok()) return connection.status();

  std::vector<evaluation::ImageEvaluation> images;
  std::vector<evaluation::ImageFrame> frames;
  frames.reserve(inputs.size());  // GeoJSON keeps pointers into it
  for (size_t i = 0; i < inputs.size(); ++i) {
    const EvaluationInput& input = inputs[i];
    // What the engine opens: the image, or a plain tile wrapped in a VRT
    // that gives it the --gsd.
    std::string engine_uri = input.image_path;
    if (!input.georeferenced) {
      engine_uri = staged->StagingPath(FileNameOf(input.image_id) + ".vrt");
      absl::Status s = evaluation::WriteNominalGeoreferenceVrt(
          input.image_path, options.gsd_m, engine_uri);
      if (!s.ok()) return s;
    }
    absl::StatusOr<evaluation::ImageFrame> frame =
        evaluation::ImageFrame::Open(engine_uri);
    if (!frame.ok()) return frame.status();

    campcount::v1::EstimateRequest request;
    request.set_image_uri(engine_uri);
    request.set_camp_id(input.camp_id);
    request.set_detector(options.detector);
    // Every box down to score 0: AP needs the whole ranking; the operating
    // threshold is applied here, which gives the same boxes as asking the
    // engine for it (higher scores win NMS either way).
    request.set_score_threshold(0.0f);
    request.set_include_detections(true);
    if (options.target_gsd_m > 0) {
      request.set_target_gsd_m(options.target_gsd_m);
    }
    absl::StatusOr<EstimateResult> result =
        StreamEstimate(**connection, request, /*show_progress=*/false);
    if (!result.ok()) {
      return absl::Status(
          result.status().code(),
          absl::StrCat("image '", input.image_path, "' (", input.image_id,
                       "): ", result.status().message()));
    }
    if (!result->started.has_value()) {
      return absl::InternalError("the engine did not describe the scene");
    }
    if (i == 0) RecordDetector(*result, &context);
    absl::StatusOr<std::vector<evaluation::ScoredBox>> detections =
        DetectionsInImagePixels(*result, *frame);
    if (!detections.ok()) return detections.status();

    images.push_back(evaluation::EvaluateImage(
        input.camp_id, input.image_id, input.image_path, *std::move(detections),
        std::move((*labels)[i]), options.iou));
    images.back().detector_gsd_m = result->started->scene().gsd_m();
    evaluation::OverlayOptions overlay;
    overlay.threshold = options.threshold;
    absl::Status s = evaluation::WriteOverlayPng(
        images.back(), (overlays / (FileNameOf(input.image_id) + ".png")),
        overlay);
    if (!s.ok()) return s;
    frames.push_back(*std::move(frame));
    const evaluation::DetectionSummary summary =
        evaluation::Summarize({&images.back().outcome}, options.threshold);
    std::cerr << "evaluate: [" << i + 1 << "/" << inputs.size() << "] "
              << input.image_id << ": " << evaluation::FoundSentence(summary)
              << "\n";
  }

  const evaluation::EvaluationReport report =
      evaluation::BuildReport(images, options.threshold, options.iou);
  // Plain tiles' GeoJSON stays in tile pixels; their frames are nominal.
  std::vector<const evaluation::ImageFrame*> geo_frames;
  for (size_t i = 0; i < images.size(); ++i) {
    geo_frames.push_back(inputs[i].georeferenced ? &frames[i] : nullptr);
  }
  absl::StatusOr<std::string> geojson = evaluation::EvaluationGeoJson(
      images, geo_frames, options.threshold, options.iou);
  if (!geojson.ok()) return geojson.status();
  if (absl::Status s = evaluation::WriteFileAtomically(
          staged->StagingPath(kGeoJsonName), *geojson);
      !s.ok()) {
    return s;
  }
  context.geojson_path = staged->FinalPath(kGeoJsonName);
  context.overlay_dir = staged->FinalPath(kOverlayDirName);
  context.report_path = staged->FinalPath(kReportName);
  context.seconds = std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - started_at)
                        .count();
  const std::string json = EvaluationJson(report, images, context);
  if (absl::Status s = evaluation::WriteFileAtomically(
          staged->StagingPath(kReportName), json);
      !s.ok()) {
    return s;
  }
  // The report last: its presence says the rest is complete.
  if (absl::Status s =
          staged->Publish({kOverlayDirName, kGeoJsonName, kReportName});
      !s.ok()) {
    return s;
  }
  if (options.json) {
    std::cout << json;
  } else {
    PrintEvaluationText(report, context, std::cout);
  }
  return absl::OkStatus();
}

}  // namespace

int RunEvaluateCommand(const std::vector<std::string>& args) {
  std::vector<FlagSpec> specs = {
      {.name = "dataset", .takes_value = true},
      {.name = "camp", .takes_value = true, .repeatable = true},
      {.name = "target-date", .takes_value = true},
      {.name = "images", .takes_value = true},
      {.name = "labels", .takes_value = true},
      {.name = "gsd", .takes_value = true},
      {.name = "detector", .takes_value = true},
      {.name = "threshold", .takes_value = true},
      {.name = "iou", .takes_value = true},
      {.name = "target-gsd", .takes_value = true},
      {.name = "out", .takes_value = true},
      {.name = "json"},
  };
  for (FlagSpec& s : ConnectionFlags()) specs.push_back(std::move(s));
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, specs);
  if (!parsed.ok()) {
    return ReportUsageError(std::string(parsed.status().message()), "evaluate");
  }
  if (!parsed->positional().empty()) {
    return ReportUsageError(absl::StrCat("unexpected argument \"",
                                         parsed->positional().front(), "\""),
                            "evaluate");
  }
  const bool dataset_mode = parsed->Has("dataset");
  const bool tile_mode = parsed->Has("images") || parsed->Has("labels");
  if (dataset_mode == tile_mode) {
    return ReportUsageError(
        "give either --dataset DIR/dataset.json, or --images TILE_DIR "
        "--labels LABEL_DIR --gsd M",
        "evaluate");
  }
  EvaluateOptions options;
  options.detector = parsed->Get("detector").value_or("");
  options.json = parsed->Has("json");
  absl::StatusOr<double> threshold = NumberFlag(*parsed, "threshold", 0.5);
  if (!threshold.ok() || !(*threshold >= 0 && *threshold <= 1)) {
    return ReportUsageError(
        absl::StrCat("--threshold must be a score between 0 and 1, got \"",
                     parsed->Get("threshold").value_or(""), "\""),
        "evaluate");
  }
  options.threshold = static_cast<float>(*threshold);
  absl::StatusOr<double> iou =
      NumberFlag(*parsed, "iou", evaluation::kDefaultIouThreshold);
  if (!iou.ok() || !(*iou > 0 && *iou <= 1)) {
    return ReportUsageError(
        absl::StrCat("--iou must be above 0 and at most 1, got \"",
                     parsed->Get("iou").value_or(""), "\""),
        "evaluate");
  }
  options.iou = *iou;
  if (parsed->Has("target-gsd")) {
    absl::StatusOr<double> target = NumberFlag(*parsed, "target-gsd", 0);
    if (!target.ok() || !(*target > 0)) {
      return ReportUsageError(
          absl::StrCat("--target-gsd must be metres per pixel (> 0), got \"",
                       parsed->Get("target-gsd").value_or(""), "\""),
          "evaluate");
    }
    options.target_gsd_m = *target;
  }
  absl::StatusOr<ConnectOptions> connect = ConnectOptionsFromArgs(*parsed);
  if (!connect.ok()) {
    return ReportUsageError(std::string(connect.status().message()),
                            "evaluate");
  }

  EvaluationContext context;
  absl::StatusOr<std::vector<EvaluationInput>> inputs;
  if (dataset_mode) {
    if (parsed->Has("gsd")) {
      return ReportUsageError(
          "--gsd is for plain tiles (--images); a dataset's images carry "
          "their own georeference",
          "evaluate");
    }
    const std::string manifest = *parsed->Get("dataset");
    absl::StatusOr<campcount::v1::Dataset> dataset =
        dataset::ReadDataset(manifest);
    if (!dataset.ok()) return ReportError(dataset.status());
    DatasetSelection selection;
    selection.camp_ids = parsed->GetAll("camp");
    selection.target_date = parsed->Get("target-date").value_or("");
    inputs = InputsFromDataset(*dataset, selection, &context.skipped);
    context.mode = "dataset";
    context.input = dataset->manifest_path();
    context.coordinates = "EPSG:4326 lon/lat";
  } else {
    if (!parsed->Has("images") || !parsed->Has("labels") ||
        !parsed->Has("gsd")) {
      return ReportUsageError(
          "tiles need all of --images TILE_DIR, --labels LABEL_DIR and --gsd "
          "M (metres per pixel)",
          "evaluate");
    }
    if (parsed->Has("camp") || parsed->Has("target-date")) {
      return ReportUsageError("--camp and --target-date need --dataset",
                              "evaluate");
    }
    absl::StatusOr<double> gsd = NumberFlag(*parsed, "gsd", 0);
    if (!gsd.ok() || !(*gsd > 0)) {
      return ReportUsageError(
          absl::StrCat("--gsd must be the tiles' ground sample distance in "
                       "metres per pixel (> 0), got \"",
                       parsed->Get("gsd").value_or(""), "\""),
          "evaluate");
    }
    options.gsd_m = *gsd;
    inputs = InputsFromTiles(*parsed->Get("images"), *parsed->Get("labels"));
    context.mode = "tiles";
    context.input =
        absl::StrCat(*parsed->Get("images"), " (labels ",
                     *parsed->Get("labels"), ", ", options.gsd_m, " m/px)");
    context.coordinates = "image pixels of each tile, x right, y down";
  }
  if (!inputs.ok()) return ReportError(inputs.status());
  if (inputs->empty()) {
    return ReportError(absl::NotFoundError(
        absl::StrCat("nothing to evaluate in ", context.input)));
  }
  absl::Status status =
      Evaluate(*inputs, options, *connect,
               parsed->Get("out").value_or(kDefaultOut), std::move(context));
  if (!status.ok()) return ReportError(status);
  return kExitOk;
}

}  // namespace campcount::cli
