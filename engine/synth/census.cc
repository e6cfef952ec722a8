#include "census.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "random.h"

namespace campcount::synth {
namespace {

const absl::CivilDay kEpoch(1970, 1, 1);

// Percentages to one decimal that sum to exactly 100.0: round each, then
// give the rounding remainder to the largest share.
void SplitPercent(int no_shelter, int tents, int makeshift, SurveyRow& row) {
  const int total = no_shelter + tents + makeshift;
  if (total == 0) {
    row.pct_no_shelter = 100.0;
    return;
  }
  int tenths[3] = {static_cast<int>(std::lround(1000.0 * no_shelter / total)),
                   static_cast<int>(std::lround(1000.0 * tents / total)),
                   static_cast<int>(std::lround(1000.0 * makeshift / total))};
  const int biggest =
      static_cast<int>(std::max_element(tenths, tenths + 3) - tenths);
  tenths[biggest] += 1000 - (tenths[0] + tenths[1] + tenths[2]);
  row.pct_no_shelter = tenths[0] / 10.0;
  row.pct_tents = tenths[1] / 10.0;
  row.pct_makeshift = tenths[2] / 10.0;
}

// Commas and quotes in a field: quote it (RFC 4180).
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

int RoundOfDay(int64_t day) {
  const absl::CivilMonth m(kEpoch + day);
  return static_cast<int>(m - absl::CivilMonth(2016, 7));
}

std::vector<SurveyRow> MakeCensus(const CampPlan& plan) {
  const CampSpec& spec = plan.spec;
  Rng rng(SubSeed(spec.plan_seed, 0xce4505));
  std::set<int64_t> image_days;
  for (const ImagingConditions& c : spec.images) image_days.insert(c.day);
  // Rounds from a month or three before the first image to one or two after
  // the last: every image has surveys on both sides.
  const int64_t first = spec.images.front().day - rng.UniformInt(40, 100);
  const int64_t last = spec.images.back().day + rng.UniformInt(20, 70);
  // The enumerators visit this camp around the same day each month.
  const int visit_day = rng.UniformInt(3, 24);
  const int64_t last_image = spec.images.back().day;
  std::vector<SurveyRow> rows;
  bool skipped = false;
  for (absl::CivilMonth m(kEpoch + first);
       m <= absl::CivilMonth(kEpoch + last) ||
       (!rows.empty() && rows.back().day <= last_image);
       ++m) {
    // Now and then a round skips the camp (access, insecurity), never two
    // in a row nor the first.
    if (!rows.empty() && !skipped && rng.Chance(0.06)) {
      skipped = true;
      continue;
    }
    skipped = false;
    int64_t day =
        (absl::CivilDay(m) - kEpoch) + visit_day - 1 + rng.UniformInt(-2, 2);
    while (image_days.count(day) > 0) ++day;
    SurveyRow row;
    row.day = day;
    row.date = absl::FormatCivilTime(kEpoch + day);
    row.round = RoundOfDay(day);
    const CampPopulation p =
        PopulationOn(plan.shelters, plan.occupancy, plan.no_shelter_share,
                     spec.plan_seed, day);
    row.households = p.households;
    row.individuals = p.individuals;
    SplitPercent(p.no_shelter_households, p.tents, p.makeshift, row);
    rows.push_back(row);
  }
  // About 1 in 10 surveys (at least one per camp with 3+ surveys) copies the
  // previous round's figures: the stale-survey flaw of the field data.
  if (rows.size() >= 3) {
    const int stale = std::max(
        1,
        static_cast<int>(std::lround(0.1 * static_cast<double>(rows.size()))));
    for (int k = 0, tries = 0; k < stale && tries < 50; ++tries) {
      const int i = rng.UniformInt(1, static_cast<int>(rows.size()) - 1);
      if (rows[i].stale || rows[i - 1].stale) continue;
      SurveyRow& r = rows[i];
      const SurveyRow& prev = rows[i - 1];
      r.households = prev.households;
      r.individuals = prev.individuals;
      r.pct_no_shelter = prev.pct_no_shelter;
      r.pct_tents = prev.pct_tents;
      r.pct_makeshift = prev.pct_makeshift;
      r.stale = true;
      ++k;
    }
  }
  return rows;
}

std::string CensusCsvHeader() {
  return "site_id,site_name,state,lga,ward,latitude,longitude,survey_round,"
         "survey_date,households,individuals,pct_no_shelter,pct_tents,"
         "pct_makeshift\n";
}

std::string CensusCsvLines(const CampSpec& spec,
                           const std::vector<SurveyRow>& rows) {
  std::string out;
  for (const SurveyRow& r : rows) {
    absl::StrAppendFormat(
        &out, "%s,%s,%s,%s,%s,%.5f,%.5f,%d,%s,%d,%d,%.1f,%.1f,%.1f\n",
        CsvField(spec.site_id), CsvField(spec.name), CsvField(spec.state),
        CsvField(spec.lga), CsvField(spec.ward), spec.latitude, spec.longitude,
        r.round, r.date, r.households, r.individuals, r.pct_no_shelter,
        r.pct_tents, r.pct_makeshift);
  }
  return out;
}

}  // namespace campcount::synth
