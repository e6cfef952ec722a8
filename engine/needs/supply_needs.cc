#include "supply_needs.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "civil_date.h"
#include "ols.h"

namespace campcount::needs {
namespace {

using campcount::v1::Quantity;

Quantity Scale(const Quantity& q, double factor) {
  Quantity out;
  out.set_value(q.value() * factor);
  out.set_lower(q.lower() * factor);
  out.set_upper(q.upper() * factor);
  return out;
}

// Facilities come in whole units: always round up.
Quantity Units(const Quantity& q, double people_per_unit) {
  Quantity out;
  out.set_value(std::ceil(q.value() / people_per_unit));
  out.set_lower(std::ceil(q.lower() / people_per_unit));
  out.set_upper(std::ceil(q.upper() / people_per_unit));
  return out;
}

campcount::v1::SupplyLine* Line(campcount::v1::SupplyPeriod* period,
                                const std::string& item,
                                const std::string& unit,
                                const std::string& standard) {
  campcount::v1::SupplyLine* line = period->add_lines();
  line->set_item(item);
  line->set_unit(unit);
  line->set_standard(standard);
  return line;
}

std::string Num(double v) {
  std::string s = absl::StrCat(v);
  return s;
}

}  // namespace

campcount::v1::SupplyPeriod NeedsFor(const Quantity& population,
                                     const campcount::v1::SupplyStandards& s) {
  campcount::v1::SupplyPeriod period;
  *period.mutable_population() = population;
  const double month = s.days_per_month();
  auto* water = Line(&period, "water", "litres",
                     absl::StrCat(Num(s.water_litres_per_person_per_day()),
                                  " L per person per day"));
  *water->mutable_per_day() =
      Scale(population, s.water_litres_per_person_per_day());
  *water->mutable_per_month() =
      Scale(population, s.water_litres_per_person_per_day() * month);
  auto* food = Line(&period, "food energy", "kcal",
                    absl::StrCat(Num(s.food_kcal_per_person_per_day()),
                                 " kcal per person per day"));
  *food->mutable_per_day() =
      Scale(population, s.food_kcal_per_person_per_day());
  *food->mutable_per_month() =
      Scale(population, s.food_kcal_per_person_per_day() * month);
  auto* soap = Line(&period, "soap", "g",
                    absl::StrCat(Num(s.soap_g_per_person_per_month()),
                                 " g per person per month"));
  *soap->mutable_per_day() =
      Scale(population, s.soap_g_per_person_per_month() / month);
  *soap->mutable_per_month() =
      Scale(population, s.soap_g_per_person_per_month());

  const Quantity toilets = Units(population, s.people_per_toilet());
  auto* all =
      Line(&period, "toilets", "toilets",
           absl::StrCat("1 per ", Num(s.people_per_toilet()), " people"));
  *all->mutable_required() = toilets;
  // Female share rounded up (women and girls first), the rest for men.
  Quantity female, male;
  for (auto [get, set_f, set_m] :
       {std::tuple{&Quantity::value, &Quantity::set_value,
                   &Quantity::set_value},
        std::tuple{&Quantity::lower, &Quantity::set_lower,
                   &Quantity::set_lower},
        std::tuple{&Quantity::upper, &Quantity::set_upper,
                   &Quantity::set_upper}}) {
    const double total = (toilets.*get)();
    const double f = std::ceil(total * s.female_toilet_share() - 1e-9);
    (female.*set_f)(f);
    (male.*set_m)(total - f);
  }
  const double ratio =
      s.female_toilet_share() / std::max(1e-9, 1 - s.female_toilet_share());
  auto* f_line = Line(&period, "toilets (female)", "toilets",
                      absl::StrCat("female:male ", Num(ratio), ":1"));
  *f_line->mutable_required() = female;
  auto* m_line = Line(&period, "toilets (male)", "toilets",
                      absl::StrCat("female:male ", Num(ratio), ":1"));
  *m_line->mutable_required() = male;
  auto* taps = Line(&period, "taps", "taps",
                    absl::StrCat("1 per ", Num(s.people_per_tap()), " people"));
  *taps->mutable_required() = Units(population, s.people_per_tap());
  auto* covered =
      Line(&period, "covered living area", "m²",
           absl::StrCat(Num(s.covered_area_m2_per_person()), " m² per person"));
  *covered->mutable_required() =
      Scale(population, s.covered_area_m2_per_person());
  auto* site =
      Line(&period, "camp area", "m²",
           absl::StrCat(Num(s.camp_area_m2_per_person()), " m² per person"));
  *site->mutable_required() = Scale(population, s.camp_area_m2_per_person());
  return period;
}

campcount::v1::SupplyNeedsResponse ProjectNeeds(
    const PopulationBasis& basis,
    const campcount::v1::SupplyStandards& standards, int months) {
  campcount::v1::SupplyNeedsResponse response;
  response.set_basis(basis.description);
  response.set_trend_people_per_day(basis.trend_people_per_day);
  const auto start = stats::ParseIsoDate(basis.date);
  for (int k = 0; k <= months; ++k) {
    const double shift =
        basis.trend_people_per_day * standards.days_per_month() * k;
    Quantity population;
    population.set_value(std::max(0.0, basis.population.value() + shift));
    population.set_lower(std::max(0.0, basis.population.lower() + shift));
    population.set_upper(std::max(0.0, basis.population.upper() + shift));
    campcount::v1::SupplyPeriod period = NeedsFor(population, standards);
    period.set_label(k == 0 ? "now" : absl::StrCat("month ", k));
    if (start) {
      period.set_date(stats::FormatIsoDate(
          *start +
          static_cast<int>(std::lround(standards.days_per_month() * k))));
    }
    *response.add_periods() = std::move(period);
  }
  if (months > 0 && basis.trend_people_per_day == 0) {
    response.add_warnings(
        "No time trend was available: the projection assumes the population "
        "stays as it is.");
  }
  return response;
}

absl::StatusOr<PopulationBasis> BasisFromCensus(
    const campcount::v1::ReadCensusResponse& census,
    const std::string& site_id) {
  std::vector<const campcount::v1::CensusRecord*> surveys;
  for (const auto& entry : census.entries()) {
    if (entry.record().site_id() == site_id && !entry.stale()) {
      surveys.push_back(&entry.record());
    }
  }
  if (surveys.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no usable census survey of site '", site_id, "'"));
  }
  std::sort(surveys.begin(), surveys.end(), [](auto* a, auto* b) {
    return a->survey_date() < b->survey_date();
  });
  if (surveys.size() > 6) surveys.erase(surveys.begin(), surveys.end() - 6);
  const campcount::v1::CensusRecord& last = *surveys.back();
  PopulationBasis basis;
  basis.population.set_value(double(last.individuals()));
  basis.population.set_lower(double(last.individuals()));
  basis.population.set_upper(double(last.individuals()));
  basis.date = last.survey_date();
  basis.description = absl::StrCat(
      "census of site ", site_id, " on ", last.survey_date(), " (round ",
      last.survey_round(), "): ", last.individuals(), " people");
  if (surveys.size() >= 3) {
    const auto last_day = stats::ParseIsoDate(last.survey_date());
    Eigen::MatrixXd x(surveys.size(), 2);
    Eigen::VectorXd y(surveys.size());
    for (size_t i = 0; i < surveys.size(); ++i) {
      const auto day = stats::ParseIsoDate(surveys[i]->survey_date());
      x(i, 0) = 1;
      x(i, 1) = (day && last_day) ? double(*day - *last_day) : 0;
      y(i) = double(surveys[i]->individuals());
    }
    auto fit = stats::FitOls(x, y);
    if (fit.ok()) {
      basis.trend_people_per_day = fit->coefficients(1);
      absl::StrAppend(&basis.description, "; trend through the last ",
                      surveys.size(), " surveys");
    }
  }
  return basis;
}

}  // namespace campcount::needs
