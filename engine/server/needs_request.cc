#include "needs_request.h"

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "census_reader.h"
#include "civil_date.h"
#include "standards.h"
#include "status_macros.h"
#include "supply_needs.h"

namespace campcount::server {
namespace {

// An estimate's explanation may carry its time trend (time_adjusted,
// census_trend) as the input "trend_people_per_day".
double TrendOf(const campcount::v1::PopulationEstimate& estimate) {
  for (const auto& input : estimate.explanation().inputs()) {
    double value = 0;
    if (input.name() == "trend_people_per_day" &&
        absl::SimpleAtod(input.value(), &value)) {
      return value;
    }
  }
  return 0;
}

}  // namespace

absl::StatusOr<campcount::v1::SupplyNeedsResponse> AnswerSupplyNeeds(
    const core::PluginRegistry& registry,
    const campcount::v1::SupplyNeedsRequest& request) {
  const int months =
      request.projection_months() == 0 ? 3 : request.projection_months();
  if (months < 0 || months > 36) {
    return absl::InvalidArgumentError(
        absl::StrCat("projection_months is ", request.projection_months(),
                     "; it must be between 0 (= 3) and 36"));
  }
  if (!request.as_of_date().empty() &&
      !stats::ParseIsoDate(request.as_of_date())) {
    return absl::InvalidArgumentError(
        absl::StrCat("as_of_date '", request.as_of_date(),
                     "' is not a calendar date in YYYY-MM-DD form"));
  }
  CC_ASSIGN_OR_RETURN(
      needs::LoadedStandards standards,
      needs::LoadStandards(request.standards(), needs::DefaultStandardsDirs()));
  needs::PopulationBasis basis;
  switch (request.basis_case()) {
    case campcount::v1::SupplyNeedsRequest::kEstimate: {
      const auto& e = request.estimate();
      if (!(e.population() >= 0) || !std::isfinite(e.population())) {
        return absl::InvalidArgumentError(
            absl::StrCat("estimate.population is ", e.population(),
                         "; it must be a number of at least 0"));
      }
      basis.population.set_value(e.population());
      const bool has_interval = e.has_interval() &&
                                e.interval().upper() >= e.interval().lower() &&
                                e.interval().upper() > 0;
      basis.population.set_lower(has_interval ? e.interval().lower()
                                              : e.population());
      basis.population.set_upper(has_interval ? e.interval().upper()
                                              : e.population());
      basis.trend_people_per_day = TrendOf(e);
      basis.description = absl::StrCat(
          "estimate", e.estimator().empty() ? "" : " by ", e.estimator(), ": ",
          std::llround(e.population()), " people",
          has_interval
              ? absl::StrCat(" (", std::llround(e.interval().lower()), "–",
                             std::llround(e.interval().upper()), ")")
              : "");
      break;
    }
    case campcount::v1::SupplyNeedsRequest::kCensus: {
      if (request.census().census_uri().empty() ||
          request.census().site_id().empty()) {
        return absl::InvalidArgumentError(
            "census basis needs census_uri and site_id");
      }
      core::CancellationToken never;
      CC_ASSIGN_OR_RETURN(
          auto census, core::ReadCensus(registry, request.census().census_uri(),
                                        request.census().site_id(), &never));
      CC_ASSIGN_OR_RETURN(
          basis, needs::BasisFromCensus(census, request.census().site_id()));
      break;
    }
    default:
      return absl::InvalidArgumentError(
          "name the population basis: an estimate or a census (census_uri + "
          "site_id)");
  }
  if (request.has_trend_people_per_day()) {
    basis.trend_people_per_day = request.trend_people_per_day();
  }
  if (!request.as_of_date().empty()) basis.date = request.as_of_date();
  campcount::v1::SupplyNeedsResponse response =
      needs::ProjectNeeds(basis, standards.standards, months);
  response.set_standards_file(standards.path);
  response.set_standards_name(standards.standards.name());
  return response;
}

}  // namespace campcount::server
