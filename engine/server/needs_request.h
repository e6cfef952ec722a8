// The SupplyNeeds call: the population basis (an estimate, or a camp's
// census read through the census source), the standards file, then the
// needs now and projected month by month.
#ifndef CAMPCOUNT_ENGINE_SERVER_NEEDS_REQUEST_H_
#define CAMPCOUNT_ENGINE_SERVER_NEEDS_REQUEST_H_

#include "absl/status/statusor.h"
#include "campcount/v1/needs.pb.h"
#include "plugin_registry.h"

namespace campcount::server {

absl::StatusOr<campcount::v1::SupplyNeedsResponse> AnswerSupplyNeeds(
    const core::PluginRegistry& registry,
    const campcount::v1::SupplyNeedsRequest& request);

}  // namespace campcount::server

#endif  // CAMPCOUNT_ENGINE_SERVER_NEEDS_REQUEST_H_
