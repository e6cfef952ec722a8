#include "census_csv_source.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "campcount/plugin_settings.h"

namespace campcount::plugins {
namespace {

// A census of a few thousand camps x monthly rounds is a few MB; anything
// far larger is not a census file.
constexpr std::streamoff kMaxFileBytes = 512LL << 20;

absl::Status NotAnImageSource() {
  return absl::UnimplementedError(
      "census_csv reads census records, not images; name an image source "
      "(e.g. geotiff) for imagery");
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("census file ", path, " cannot be opened"));
  }
  const std::streamoff size = in.tellg();
  if (size > kMaxFileBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "census file ", path, " is ", size,
        " bytes; larger than any census table (limit ", kMaxFileBytes, ")"));
  }
  std::string text(static_cast<size_t>(size), '\0');
  in.seekg(0);
  in.read(text.data(), size);
  if (!in) {
    return absl::DataLossError(
        absl::StrCat("census file ", path, " could not be read to the end"));
  }
  return text;
}

}  // namespace

campcount::v1::PluginManifest CensusCsvSource::Manifest() {
  campcount::v1::PluginManifest manifest;
  manifest.set_name(kName);
  manifest.set_version(kVersion);
  manifest.set_description(
      "Census surveys from CSV in the displacement-tracking site assessment "
      "layout (site_id, survey_round, survey_date, households, individuals, "
      "pct_no_shelter, pct_tents, pct_makeshift, ...). Checks every row and "
      "marks surveys that repeat the previous round's count as stale.");
  auto* skip = manifest.add_config();
  skip->set_name("skip_invalid_rows");
  skip->set_type("bool");
  skip->set_default_value("false");
  skip->set_description(
      "Drop invalid rows (reported as warnings) instead of refusing the "
      "file.");
  auto* tolerance = manifest.add_config();
  tolerance->set_name("percent_tolerance");
  tolerance->set_type("double");
  tolerance->set_default_value("0.5");
  tolerance->set_description(
      "How far the three shelter percentages may sum from 100.");
  return manifest;
}

absl::StatusOr<std::unique_ptr<CensusCsvSource>> CensusCsvSource::Create(
    const campcount::v1::PluginConfig& config) {
  auto settings = campcount::sdk::PluginSettings::Make(Manifest(), config);
  if (!settings.ok()) return settings.status();
  CensusReadOptions options;
  auto skip = settings->GetBool("skip_invalid_rows");
  if (!skip.ok()) return skip.status();
  auto tolerance = settings->GetDouble("percent_tolerance");
  if (!tolerance.ok()) return tolerance.status();
  if (!(*tolerance >= 0 && *tolerance <= 10)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "plugin census_csv: setting 'percent_tolerance' = ", *tolerance,
        " must be between 0 and 10"));
  }
  options.skip_invalid_rows = *skip;
  options.percent_tolerance = *tolerance;
  return std::make_unique<CensusCsvSource>(options);
}

absl::StatusOr<campcount::v1::ReadCensusResponse> CensusCsvSource::ReadCensus(
    const campcount::v1::ReadCensusRequest& request,
    const campcount::sdk::CallContext& context) {
  if (request.uri().empty()) {
    return absl::InvalidArgumentError("census uri is empty: name the file");
  }
  absl::StatusOr<std::string> text = ReadFile(request.uri());
  if (!text.ok()) return text.status();
  if (context.IsCancelled())
    return absl::CancelledError("census read cancelled");
  absl::StatusOr<campcount::v1::ReadCensusResponse> all =
      ParseCensusCsv(*text, request.uri(), options_);
  if (!all.ok() || request.site_id().empty()) return all;
  campcount::v1::ReadCensusResponse one;
  for (auto& entry : *all->mutable_entries()) {
    if (entry.record().site_id() == request.site_id()) {
      *one.add_entries() = std::move(entry);
    }
  }
  if (one.entries_size() == 0) {
    return absl::NotFoundError(absl::StrCat("census file ", request.uri(),
                                            " has no survey of site '",
                                            request.site_id(), "'"));
  }
  for (const auto& issue : all->issues()) {
    for (const auto& entry : one.entries()) {
      if (entry.line() == issue.line()) *one.add_issues() = issue;
    }
  }
  return one;
}

absl::StatusOr<campcount::v1::Scene> CensusCsvSource::OpenScene(
    const campcount::v1::OpenSceneRequest&,
    const campcount::sdk::CallContext&) {
  return NotAnImageSource();
}

absl::StatusOr<campcount::v1::Tile> CensusCsvSource::ReadTile(
    const campcount::v1::ReadTileRequest&, const campcount::sdk::CallContext&) {
  return NotAnImageSource();
}

absl::Status CensusCsvSource::CloseScene(
    const campcount::v1::CloseSceneRequest&) {
  return NotAnImageSource();
}

}  // namespace campcount::plugins
