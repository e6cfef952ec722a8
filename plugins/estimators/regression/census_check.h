// Compares an estimate with a census taken near its target date: a census
// above the imagery-based interval suggests people the imagery cannot see,
// i.e. a possible shelter shortage (the field case's lesson).
#ifndef CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_CENSUS_CHECK_H_
#define CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_CENSUS_CHECK_H_

#include <optional>
#include <string>

#include "campcount/v1/census.pb.h"
#include "campcount/v1/estimate.pb.h"
#include "google/protobuf/repeated_field.h"

namespace campcount::plugins {

// The non-stale survey closest to `target_date`, if one lies within
// `max_days` of it.
std::optional<campcount::v1::CensusRecord> CensusNear(
    const google::protobuf::RepeatedPtrField<campcount::v1::CensusEntry>&
        census,
    const std::string& target_date, int max_days);

// A warning sentence when the census lies outside the interval, else empty.
std::string CensusOutsideIntervalWarning(
    const campcount::v1::CensusRecord& census,
    const campcount::v1::Interval& interval);

// Days from `from` to `to` (YYYY-MM-DD); nullopt when either is not a date.
std::optional<int> DaysFromTo(const std::string& from, const std::string& to);

// Four significant figures for coefficients: 0.2101, 152.3, 3.95.
std::string FormatCoefficient(double value);

}  // namespace campcount::plugins

#endif  // CAMPCOUNT_PLUGINS_ESTIMATORS_REGRESSION_CENSUS_CHECK_H_
