// Source plugin for census records: reads survey CSVs (displacement-tracking
// site assessments, campcount synth's census.csv) and checks them. It reads
// no images; the engine asks it through ReadCensus.
#ifndef CAMPCOUNT_PLUGINS_SOURCES_CENSUS_CSV_CENSUS_CSV_SOURCE_H_
#define CAMPCOUNT_PLUGINS_SOURCES_CENSUS_CSV_CENSUS_CSV_SOURCE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "campcount/plugin.h"
#include "census_table.h"

namespace campcount::plugins {

class CensusCsvSource final : public campcount::sdk::Source {
 public:
  static constexpr char kName[] = "census_csv";
  static constexpr char kVersion[] = "1.0.0";

  static campcount::v1::PluginManifest Manifest();
  static absl::StatusOr<std::unique_ptr<CensusCsvSource>> Create(
      const campcount::v1::PluginConfig& config);

  explicit CensusCsvSource(CensusReadOptions options) : options_(options) {}

  absl::StatusOr<campcount::v1::ReadCensusResponse> ReadCensus(
      const campcount::v1::ReadCensusRequest& request,
      const campcount::sdk::CallContext& context) override;

  // Not an image source: these say so.
  absl::StatusOr<campcount::v1::Scene> OpenScene(
      const campcount::v1::OpenSceneRequest& request,
      const campcount::sdk::CallContext& context) override;
  absl::StatusOr<campcount::v1::Tile> ReadTile(
      const campcount::v1::ReadTileRequest& request,
      const campcount::sdk::CallContext& context) override;
  absl::Status CloseScene(
      const campcount::v1::CloseSceneRequest& request) override;

 private:
  const CensusReadOptions options_;
};

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_SOURCES_CENSUS_CSV_CENSUS_CSV_SOURCE_H_
