#include "survey_cases.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "dataset_reader.h"
#include "image_selection.h"

namespace campcount::evaluation {

SurveyCases MatchSurveysToImages(
    const campcount::v1::Dataset& dataset,
    const campcount::v1::ReadCensusResponse& census, bool include_stale,
    const std::vector<std::string>& camps) {
  SurveyCases out;
  const std::set<std::string> wanted(camps.begin(), camps.end());
  std::set<std::string> unknown;
  for (const auto& entry : census.entries()) {
    const std::string& site = entry.record().site_id();
    if (!wanted.empty() && wanted.count(site) == 0) continue;
    auto camp = dataset::FindCamp(dataset, site);
    if (!camp.ok()) {
      ++out.unknown_camp;
      unknown.insert(site);
      continue;
    }
    if (entry.stale() && !include_stale) {
      ++out.excluded_stale;
      continue;
    }
    auto selection =
        dataset::SelectImageBefore(**camp, entry.record().survey_date());
    if (!selection.ok()) {
      ++out.without_image;
      continue;
    }
    out.cases.push_back({*camp, entry, *std::move(selection)});
  }
  if (out.excluded_stale > 0) {
    out.notes.push_back(absl::StrCat(
        out.excluded_stale,
        " survey(s) left out as stale (they repeat the previous round's "
        "count exactly)"));
  }
  if (out.without_image > 0) {
    out.notes.push_back(absl::StrCat(
        out.without_image,
        " survey(s) left out: no image of the camp on or before the survey"));
  }
  if (out.unknown_camp > 0) {
    out.notes.push_back(absl::StrCat(out.unknown_camp, " survey(s) of ",
                                     unknown.size(),
                                     " site(s) not in the dataset left out"));
  }
  return out;
}

}  // namespace campcount::evaluation
