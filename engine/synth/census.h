// A camp's census in the layout of displacement-tracking site assessments:
// roughly monthly rounds, survey dates never on an image date, and now and
// then a stale survey that repeats the previous round's figures.
#ifndef CAMPCOUNT_ENGINE_SYNTH_CENSUS_H_
#define CAMPCOUNT_ENGINE_SYNTH_CENSUS_H_

#include <string>
#include <vector>

#include "camp_plan.h"

namespace campcount::synth {

struct SurveyRow {
  int round = 0;
  std::string date;  // YYYY-MM-DD
  int64_t day = 0;
  int households = 0;
  int individuals = 0;
  // Shares of households, 0-100, one decimal, summing to exactly 100.0.
  double pct_no_shelter = 0, pct_tents = 0, pct_makeshift = 0;
  // True when the row repeats the previous round (the field case's flaw);
  // not written to the CSV, where it is indistinguishable.
  bool stale = false;
};

// DTM-style round number of a day: round 1 is August 2016, one per month.
int RoundOfDay(int64_t day);

std::vector<SurveyRow> MakeCensus(const CampPlan& plan);

// The CSV header line and one line per row (each ending in '\n').
std::string CensusCsvHeader();
std::string CensusCsvLines(const CampSpec& spec,
                           const std::vector<SurveyRow>& rows);

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_CENSUS_H_
