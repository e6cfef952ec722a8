#include "shelter_count_explanation.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "campcount/number_format.h"

namespace campcount::plugins {

using ::campcount::sdk::FormatNumber;
namespace {

using campcount::v1::CampFeatures;

// How close above the threshold a score counts as "near" it; the engine
// computes near_threshold_count with the same margin.
constexpr double kNearThresholdMargin = 0.1;

std::string Plural(int64_t count, const char* one, const char* many) {
  return absl::StrCat(FormatNumber(double(count)), " ",
                      count == 1 ? one : many);
}

std::string People(double count) {
  return absl::StrCat(FormatNumber(count), count == 1 ? " person" : " people");
}

void AddInput(campcount::v1::Explanation* explanation, const std::string& name,
              const std::string& value, const std::string& unit = "") {
  campcount::v1::NamedValue* input = explanation->add_inputs();
  input->set_name(name);
  input->set_value(value);
  input->set_unit(unit);
}

}  // namespace

std::vector<std::string> ShelterCountWarnings(const CampFeatures& features,
                                              const ShelterCountSettings& s,
                                              double population) {
  std::vector<std::string> warnings;
  const int64_t count = features.tent_count();
  if (count == 0) {
    warnings.push_back(
        "No shelters were found, so this estimate is 0 people: check that the "
        "image covers the camp and that the detector suits this imagery.");
  } else if (double(features.near_threshold_count()) / double(count) >
             s.near_threshold_warning_fraction) {
    warnings.push_back(absl::StrFormat(
        "many boxes near the threshold: the count is sensitive to it "
        "(%s of %s shelters, %.0f %%, scored less than %.1f above the "
        "threshold %.2f).",
        FormatNumber(double(features.near_threshold_count())),
        FormatNumber(double(count)),
        100.0 * double(features.near_threshold_count()) / double(count),
        kNearThresholdMargin, features.score_threshold()));
  }
  if (features.image_date().empty()) {
    warnings.push_back(
        "The image date is unknown, so it is unclear how current this count "
        "is.");
  } else if (std::abs(features.days_to_target()) > s.max_days_to_target) {
    const int days = std::abs(features.days_to_target());
    warnings.push_back(
        absl::StrCat("The image was taken ", FormatNumber(days), " days ",
                     features.days_to_target() > 0 ? "before" : "after",
                     " the target date (more than ", s.max_days_to_target,
                     "): the camp may have grown or shrunk in between."));
  }
  if (features.camp_area_m2() > 0 && population > 0) {
    const double per_person = features.camp_area_m2() / population;
    if (per_person < s.min_camp_area_per_person_m2) {
      warnings.push_back(absl::StrCat(
          "Only ", FormatNumber(per_person, 1),
          " m² of camp per person, below the 30–45 m² per person planning "
          "standard (warning below ",
          FormatNumber(s.min_camp_area_per_person_m2),
          " m²): the count may be too high, or the camp is overcrowded."));
    }
  }
  return warnings;
}

campcount::v1::Explanation ExplainShelterCount(
    const CampFeatures& features, const ShelterCountSettings& s,
    const campcount::v1::PopulationEstimate& estimate) {
  campcount::v1::Explanation explanation;
  const int64_t count = features.tent_count();
  const double population = estimate.population();
  explanation.set_formula(
      absl::StrCat(Plural(count, "shelter", "shelters"), " × ",
                   FormatNumber(s.persons_per_shelter),
                   " people per shelter = ", People(population)));

  const std::string where =
      features.image_date().empty()
          ? std::string("in the image")
          : absl::StrCat("in the image taken on ", features.image_date());
  std::string summary =
      count == 0 ? absl::StrCat("No shelters were found ", where,
                                ", so this method estimates 0 people.")
                 : absl::StrCat(
                       "We counted ", Plural(count, "shelter", "shelters"), " ",
                       where, " and assumed each one houses a family of ",
                       FormatNumber(s.persons_per_shelter),
                       ", which gives about ", People(population), ". With ",
                       FormatNumber(s.min_persons_per_shelter), " to ",
                       FormatNumber(s.max_persons_per_shelter),
                       " people per shelter it would be between ",
                       FormatNumber(estimate.interval().lower()), " and ",
                       People(estimate.interval().upper()), ".");
  absl::StrAppend(&summary,
                  " People without a shelter, and shelters the detector "
                  "missed (for example under trees), are not included.");
  explanation.set_summary(summary);

  AddInput(&explanation, "shelters counted", FormatNumber(double(count)),
           "shelters");
  AddInput(&explanation, "total shelter area",
           FormatNumber(features.total_tent_area_m2(), 0), "m²");
  if (count > 0) {
    AddInput(&explanation, "mean shelter area",
             FormatNumber(features.total_tent_area_m2() / double(count), 1),
             "m²");
  }
  AddInput(&explanation, "score threshold",
           absl::StrFormat("%.2f", features.score_threshold()));
  AddInput(&explanation, "shelters scored near the threshold",
           FormatNumber(double(features.near_threshold_count())), "shelters");
  AddInput(&explanation, "mean detector score",
           absl::StrFormat("%.2f", features.mean_score()));
  AddInput(&explanation, "image date",
           features.image_date().empty() ? "unknown" : features.image_date());
  AddInput(&explanation, "target date",
           features.target_date().empty() ? "the image date"
                                          : features.target_date());
  AddInput(&explanation, "days from image to target date",
           FormatNumber(features.days_to_target()), "days");
  // Zero means "not measured" for these two, not a measurement of zero.
  if (features.gsd_m() > 0) {
    AddInput(&explanation, "ground sample distance",
             FormatNumber(features.gsd_m(), 3), "m per pixel");
  } else {
    AddInput(&explanation, "ground sample distance", "unknown");
  }
  if (features.camp_area_m2() > 0) {
    AddInput(&explanation, "camp area",
             FormatNumber(features.camp_area_m2(), 0), "m²");
  } else {
    AddInput(&explanation, "camp area", "unknown");
  }
  if (features.camp_area_m2() > 0 && population > 0) {
    AddInput(&explanation, "camp area per person",
             FormatNumber(features.camp_area_m2() / population, 1),
             "m² per person");
  }
  AddInput(&explanation, "persons per shelter",
           FormatNumber(s.persons_per_shelter), "people");
  AddInput(&explanation, "range of persons per shelter",
           absl::StrCat(FormatNumber(s.min_persons_per_shelter), "–",
                        FormatNumber(s.max_persons_per_shelter)),
           "people");
  if (!features.camp_id().empty()) {
    AddInput(&explanation, "camp", features.camp_id());
  }

  campcount::v1::ComponentVersion* component = explanation.add_components();
  component->set_role("estimator");
  component->set_name(estimate.estimator());
  component->set_version(estimate.estimator_version());

  explanation.add_assumptions(absl::StrCat(
      "One shelter is one household of about ",
      FormatNumber(s.persons_per_shelter),
      " people (a standard family tent of about 16 m² houses 5)."));
  explanation.add_assumptions(
      "Shelters hidden under trees or missed by the detector are not "
      "counted, so the estimate tends to be low where detection is "
      "incomplete.");
  explanation.add_assumptions(
      "People without any shelter, or living in buildings the detector does "
      "not count as shelters, are not counted.");
  explanation.add_assumptions(
      "Every box scored at or above the threshold is taken to be a lived-in "
      "shelter.");
  for (std::string& warning : ShelterCountWarnings(features, s, population)) {
    explanation.add_warnings(std::move(warning));
  }
  return explanation;
}

}  // namespace campcount::plugins
