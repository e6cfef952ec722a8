// An out-of-tree estimator: people = covered shelter area / 3.5 m² per
// person, the Sphere minimum covered living space. Because every shelter is
// assumed to be at the minimum, it is an upper bound on the people the
// counted shelters can house — useful beside a per-shelter estimate.
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "campcount/number_format.h"
#include "campcount/plugin.h"

namespace example {

class CoveredSpaceEstimator final : public campcount::sdk::Estimator {
 public:
  static campcount::v1::PluginManifest Manifest() {
    campcount::v1::PluginManifest manifest;
    manifest.set_name("covered_space");
    manifest.set_version("0.1.0");
    manifest.set_description(
        "Upper bound: covered shelter area / square metres per person "
        "(Sphere minimum 3.5).");
    campcount::v1::ConfigField* field = manifest.add_config();
    field->set_name("m2_per_person");
    field->set_type("double");
    field->set_default_value("3.5");
    field->set_description("covered living space per person, m²");
    return manifest;
  }

  static absl::StatusOr<std::unique_ptr<CoveredSpaceEstimator>> Create(
      const campcount::v1::PluginConfig& config) {
    double m2_per_person = 3.5;
    if (auto it = config.settings().find("m2_per_person");
        it != config.settings().end() &&
        (!absl::SimpleAtod(it->second, &m2_per_person) ||
         !(m2_per_person > 0))) {
      return absl::InvalidArgumentError(
          absl::StrCat("covered_space: m2_per_person must be a number above "
                       "0, got \"",
                       it->second, "\""));
    }
    return std::make_unique<CoveredSpaceEstimator>(m2_per_person);
  }

  explicit CoveredSpaceEstimator(double m2_per_person)
      : m2_per_person_(m2_per_person) {}

  absl::StatusOr<campcount::v1::EstimatorResponse> Estimate(
      const campcount::v1::EstimatorRequest& request,
      const campcount::sdk::CallContext& /*context*/) override {
    const double area = request.features().total_tent_area_m2();
    if (!(area >= 0)) {
      return absl::InvalidArgumentError(
          absl::StrCat("covered_space: features.total_tent_area_m2 is ", area));
    }
    using campcount::sdk::FormatNumber;
    campcount::v1::EstimatorResponse response;
    campcount::v1::PopulationEstimate& estimate = *response.mutable_estimate();
    estimate.set_estimator("covered_space");
    estimate.set_estimator_version("0.1.0");
    const double people = area / m2_per_person_;
    estimate.set_population(people);
    estimate.mutable_interval()->set_lower(0);
    estimate.mutable_interval()->set_upper(people);
    estimate.mutable_interval()->set_basis(
        "0 up to the upper bound (an assumption, not a probability)");
    campcount::v1::Explanation& why = *estimate.mutable_explanation();
    why.set_formula(absl::StrCat(FormatNumber(area), " m² covered / ",
                                 FormatNumber(m2_per_person_),
                                 " m² per person = ", FormatNumber(people)));
    why.set_summary(absl::StrCat(
        "At most about ", FormatNumber(people),
        " people fit in the shelters found if each has the Sphere minimum of ",
        FormatNumber(m2_per_person_), " m² of covered space."));
    why.add_assumptions("every shelter is used at the minimum covered space");
    return response;
  }

 private:
  const double m2_per_person_;
};

}  // namespace example

CAMPCOUNT_ESTIMATOR_PLUGIN(example::CoveredSpaceEstimator)
