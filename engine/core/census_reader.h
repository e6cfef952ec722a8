// Census surveys through the census source plugin (census_csv), so a partner
// can swap in a source for their own census format.
#ifndef CAMPCOUNT_ENGINE_CORE_CENSUS_READER_H_
#define CAMPCOUNT_ENGINE_CORE_CENSUS_READER_H_

#include <string>

#include "absl/status/statusor.h"
#include "campcount/v1/census.pb.h"
#include "cancellation.h"
#include "plugin_registry.h"

namespace campcount::core {

inline constexpr char kDefaultCensusSource[] = "census_csv";

// The surveys of `site_id` (empty: every camp) in `uri`, with the file's
// SHA-256 filled in.
absl::StatusOr<campcount::v1::ReadCensusResponse> ReadCensus(
    const PluginRegistry& registry, const std::string& uri,
    const std::string& site_id, const CancellationToken* cancellation);

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_CENSUS_READER_H_
