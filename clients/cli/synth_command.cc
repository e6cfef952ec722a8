#include "synth_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "command_line.h"
#include "dataset_writer.h"
#include "format.h"

namespace campcount::cli {

int RunSynthCommand(const std::vector<std::string>& args) {
  const std::vector<FlagSpec> specs = {
      {.name = "camps", .takes_value = true},
      {.name = "seed", .takes_value = true},
      {.name = "out", .takes_value = true},
      {.name = "dates", .takes_value = true},
      {.name = "threads", .takes_value = true}};
  absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, specs);
  if (!parsed.ok()) {
    return ReportUsageError(std::string(parsed.status().message()), "synth");
  }
  if (!parsed->positional().empty()) {
    return ReportUsageError(
        absl::StrCat("unexpected argument \"", parsed->positional()[0], "\""),
        "synth");
  }
  synth::DatasetOptions options;
  if (auto v = parsed->Get("camps");
      v && (!absl::SimpleAtoi(*v, &options.camps) || options.camps < 1 ||
            options.camps > synth::kMaxCamps)) {
    return ReportUsageError(
        absl::StrCat("--camps must be a whole number in 1..", synth::kMaxCamps,
                     ", got \"", *v, "\""),
        "synth");
  }
  if (auto v = parsed->Get("seed"); v && !absl::SimpleAtoi(*v, &options.seed)) {
    return ReportUsageError(
        absl::StrCat("--seed must be a whole number >= 0, got \"", *v, "\""),
        "synth");
  }
  if (auto v = parsed->Get("dates");
      v && (!absl::SimpleAtoi(*v, &options.dates) || options.dates < 1 ||
            options.dates > synth::kMaxDates)) {
    return ReportUsageError(
        absl::StrCat("--dates must be a whole number in 1..", synth::kMaxDates,
                     ", got \"", *v, "\""),
        "synth");
  }
  if (auto v = parsed->Get("threads");
      v && (!absl::SimpleAtoi(*v, &options.threads) || options.threads < 0 ||
            options.threads > 64)) {
    return ReportUsageError(
        absl::StrCat("--threads must be a whole number in 0..64, got \"", *v,
                     "\""),
        "synth");
  }
  const std::optional<std::string> out = parsed->Get("out");
  if (!out.has_value() || out->empty()) {
    return ReportUsageError("--out DIR is required", "synth");
  }
  options.out_dir = *out;

  const bool tty = isatty(STDERR_FILENO) != 0;
  options.progress = [tty](int done, int total) {
    if (tty) {
      std::cerr << "\rrendering images " << done << "/" << total
                << (done == total ? "\n" : "") << std::flush;
    }
  };
  std::cout << "Writing " << options.camps << " synthetic camps x "
            << options.dates << " dates (seed " << options.seed << ") to "
            << options.out_dir << "\n"
            << std::flush;
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<synth::DatasetSummary> summary = synth::WriteDataset(options);
  if (!summary.ok()) return ReportError(summary.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::cout << "  " << summary->images << " images, "
            << FormatCount(summary->tents) << " tents labelled, "
            << summary->surveys << " census surveys, in "
            << FormatNumber(seconds, 1) << " s\n"
            << "  manifest  " << summary->manifest_path << "\n";
  return kExitOk;
}

}  // namespace campcount::cli
