#include "census_reader.h"

#include "file_hash.h"
#include "status_macros.h"

namespace campcount::core {

absl::StatusOr<campcount::v1::ReadCensusResponse> ReadCensus(
    const PluginRegistry& registry, const std::string& uri,
    const std::string& site_id, const CancellationToken* cancellation) {
  CC_ASSIGN_OR_RETURN(
      auto source,
      registry.Find(campcount::v1::PLUGIN_KIND_SOURCE, kDefaultCensusSource));
  campcount::v1::ReadCensusRequest request;
  request.set_uri(uri);
  request.set_site_id(site_id);
  campcount::v1::ReadCensusResponse response;
  CC_RETURN_IF_ERROR(
      source->Call(CC_METHOD_READ_CENSUS, request, &response, cancellation));
  auto sha = Sha256OfFile(uri);
  if (sha.ok()) response.set_sha256(*sha);
  return response;
}

}  // namespace campcount::core
