#include "demo_command.h"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "command_line.h"
#include "connection.h"
#include "demo_camp.h"
#include "estimate_command.h"
#include "estimate_outputs.h"
#include "format.h"
#include "json_output.h"
#include "progress_bar.h"

namespace campcount::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxTents = 100000;

// ./campcount-demo, or a fresh temporary directory when the working
// directory is not writable.
absl::StatusOr<fs::path> OutputDir(const std::optional<std::string>& flag) {
  std::error_code error;
  if (flag.has_value()) {
    fs::create_directories(*flag, error);
    if (error) {
      return absl::PermissionDeniedError(absl::StrCat(
          "cannot create the output directory ", *flag, ": ", error.message()));
    }
    return fs::absolute(*flag).lexically_normal();
  }
  const fs::path local = fs::absolute("campcount-demo").lexically_normal();
  fs::create_directories(local, error);
  if (!error && access(local.c_str(), W_OK) == 0) return local;
  std::string templ = (fs::temp_directory_path() / "campcount-demo-XXXXXX");
  if (mkdtemp(templ.data()) == nullptr) {
    return absl::PermissionDeniedError(
        "cannot create ./campcount-demo or a temporary directory; pass --out "
        "DIR");
  }
  return fs::path(templ);
}

absl::Status WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot write ", path.string()));
  }
  return absl::OkStatus();
}

// The demo image grows with the tent count so the camp keeps room around
// it: about 600 m² of image per tent, never less than the 1 km² default.
synth::DemoCampOptions DemoOptions(uint64_t seed, int tents) {
  synth::DemoCampOptions options;
  options.seed = seed;
  options.tent_count = tents;
  const double side_m =
      std::max(static_cast<double>(options.width_px) * options.gsd_m,
               std::sqrt(600.0 * tents));
  options.width_px = options.height_px =
      static_cast<int64_t>(std::ceil(side_m / options.gsd_m));
  return options;
}

}  // namespace

int RunDemoCommand(const std::vector<std::string>& args) {
  std::vector<FlagSpec> specs = {{.name = "out", .takes_value = true},
                                 {.name = "seed", .takes_value = true},
                                 {.name = "tents", .takes_value = true},
                                 {.name = "json"}};
  for (FlagSpec& s : ConnectionFlags()) specs.push_back(std::move(s));
  for (FlagSpec& s : OutputFileFlags()) specs.push_back(std::move(s));
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, specs);
  if (!parsed.ok()) {
    return ReportUsageError(std::string(parsed.status().message()), "demo");
  }
  if (!parsed->positional().empty()) {
    return ReportUsageError(
        absl::StrCat("unexpected argument \"", parsed->positional()[0], "\""),
        "demo");
  }
  uint64_t seed = 1;
  if (auto s = parsed->Get("seed"); s && !absl::SimpleAtoi(*s, &seed)) {
    return ReportUsageError(
        absl::StrCat("--seed must be a whole number, got \"", *s, "\""),
        "demo");
  }
  int tents = synth::DemoCampOptions().tent_count;
  if (auto t = parsed->Get("tents");
      t && (!absl::SimpleAtoi(*t, &tents) || tents < 0 || tents > kMaxTents)) {
    return ReportUsageError(
        absl::StrCat("--tents must be between 0 and ", FormatCount(kMaxTents),
                     ", got \"", *t, "\""),
        "demo");
  }
  absl::StatusOr<ConnectOptions> connect = ConnectOptionsFromArgs(*parsed);
  if (!connect.ok()) {
    return ReportUsageError(std::string(connect.status().message()), "demo");
  }
  const bool json = parsed->Has("json");
  // In JSON mode stdout carries only the JSON document.
  std::ostream& note = json ? std::cerr : std::cout;

  absl::StatusOr<fs::path> dir = OutputDir(parsed->Get("out"));
  if (!dir.ok()) return ReportError(dir.status());
  const synth::DemoCampOptions options = DemoOptions(seed, tents);
  const std::string stem =
      absl::StrCat("demo-camp-seed", seed, "-", tents, "-tents");
  const fs::path image = *dir / (stem + ".tif");
  const fs::path truth_file = *dir / (stem + ".truth.json");
  const fs::path boundary_file = *dir / (stem + ".boundary.geojson");

  note << "Generating a synthetic camp: " << FormatCount(tents) << " tents on "
       << FormatCount(options.width_px) << " × "
       << FormatCount(options.height_px) << " px at "
       << FormatNumber(options.gsd_m, 2) << " m/px (seed " << seed << ")\n"
       << std::flush;
  absl::StatusOr<synth::DemoCampTruth> truth =
      synth::WriteDemoCamp(image.string(), options);
  if (!truth.ok()) return ReportError(truth.status());
  if (absl::Status s = WriteFile(truth_file, synth::TruthToJson(*truth));
      !s.ok()) {
    return ReportError(s);
  }
  // The camp's rectangle plus 10 % for growth, for trying --boundary.
  const double grow_x = 0.1 * (truth->camp_xmax - truth->camp_xmin);
  const double grow_y = 0.1 * (truth->camp_ymax - truth->camp_ymin);
  absl::StatusOr<std::string> boundary = synth::BoundaryGeoJson(
      options, std::max(0.0, truth->camp_xmin - grow_x),
      std::max(0.0, truth->camp_ymin - grow_y),
      std::min<double>(options.width_px, truth->camp_xmax + grow_x),
      std::min<double>(options.height_px, truth->camp_ymax + grow_y));
  const bool have_boundary =
      boundary.ok() && WriteFile(boundary_file, *boundary).ok();
  note << "  image     " << image.string() << "\n"
       << "  truth     " << truth_file.string() << "\n";
  if (have_boundary) note << "  boundary  " << boundary_file.string() << "\n";
  note << "\nEstimating with the engine's defaults\n\n" << std::flush;

  absl::StatusOr<std::unique_ptr<Connection>> connection =
      Connection::Open(*connect);
  if (!connection.ok()) return ReportError(connection.status());
  campcount::v1::EstimateRequest request;
  request.set_image_uri(image.string());
  request.set_camp_id(stem);
  const OutputFiles files = OutputFilesFromArgs(*parsed);
  request.set_include_detections(files.any());
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
    result->detections.clear();  // written to the files, not printed
  }

  const int64_t counted = result->done->features().tent_count();
  OutputOptions output;
  output.json = json;
  if (json) {
    output.extra_json.emplace_back(
        "demo", absl::StrCat(
                    "{\n  \"image\": ", JsonString(image.string()),
                    ",\n  \"truth_file\": ", JsonString(truth_file.string()),
                    ",\n  \"boundary_file\": ",
                    have_boundary ? JsonString(boundary_file.string()) : "null",
                    ",\n  \"seed\": ", seed,
                    ",\n  \"ground_truth_tents\": ", truth->tents.size(),
                    ",\n  \"counted_tents\": ", counted, "\n}"));
  }
  if (absl::Status s = PrintEstimateResult(*result, output, std::cout);
      !s.ok()) {
    return ReportError(s);
  }
  if (!json) {
    const auto true_count = static_cast<int64_t>(truth->tents.size());
    std::cout << "\nground truth: " << FormatCount(true_count)
              << " tents in the generated image";
    if (true_count > 0) {
      std::cout << "; the engine counted " << FormatCount(counted) << " ("
                << FormatNumber(100.0 * counted / true_count, 1) << " %)";
    }
    std::cout << "\n";
    if (have_boundary) {
      std::cout << "\nTry it with the camp boundary:\n  campcount estimate "
                << "--image " << image.string() << " \\\n      --boundary "
                << boundary_file.string() << "\n";
    }
  }
  return kExitOk;
}

}  // namespace campcount::cli
