// The field case's matching: each census survey is paired with the camp's
// image taken closest before it; the gap in days is kept. Stale surveys
// (repeating the previous round's count) are left out unless asked for.
#ifndef CAMPCOUNT_ENGINE_EVALUATION_SURVEY_CASES_H_
#define CAMPCOUNT_ENGINE_EVALUATION_SURVEY_CASES_H_

#include <string>
#include <vector>

#include "campcount/v1/census.pb.h"
#include "campcount/v1/dataset.pb.h"

namespace campcount::evaluation {

struct SurveyCase {
  const campcount::v1::DatasetCamp* camp = nullptr;
  campcount::v1::CensusEntry survey;
  campcount::v1::ImageSelection selection;
};

struct SurveyCases {
  std::vector<SurveyCase> cases;
  int64_t excluded_stale = 0;
  int64_t without_image = 0;
  int64_t unknown_camp = 0;
  std::vector<std::string> notes;
};

// `camps`: only these ids (empty: all camps of the dataset).
SurveyCases MatchSurveysToImages(
    const campcount::v1::Dataset& dataset,
    const campcount::v1::ReadCensusResponse& census, bool include_stale,
    const std::vector<std::string>& camps);

}  // namespace campcount::evaluation

#endif  // CAMPCOUNT_ENGINE_EVALUATION_SURVEY_CASES_H_
