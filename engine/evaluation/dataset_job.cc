#include "dataset_job.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "census_reader.h"
#include "dataset_reader.h"
#include "detector_model.h"
#include "scene_request.h"
#include "status_macros.h"

namespace campcount::evaluation {

absl::StatusOr<LoadedDataset> LoadDataset(
    const DatasetContext& context, const std::string& path, bool include_stale,
    const std::vector<std::string>& camps,
    const core::CancellationToken& cancellation) {
  if (path.empty()) {
    return absl::InvalidArgumentError(
        "dataset is empty: name DIR/dataset.json");
  }
  LoadedDataset loaded;
  CC_ASSIGN_OR_RETURN(loaded.dataset, dataset::ReadDataset(path));
  if (loaded.dataset.census_csv().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("dataset ", path,
                     " names no census_csv; calibration and comparison "
                     "need census counts"));
  }
  for (const std::string& id : camps) {
    CC_RETURN_IF_ERROR(dataset::FindCamp(loaded.dataset, id).status());
  }
  CC_ASSIGN_OR_RETURN(
      loaded.census,
      core::ReadCensus(*context.registry, loaded.dataset.census_csv(), "",
                       &cancellation));
  loaded.surveys =
      MatchSurveysToImages(loaded.dataset, loaded.census, include_stale, camps);
  if (loaded.surveys.cases.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "dataset ", path, ": no census survey has an image before it (",
        absl::StrJoin(loaded.surveys.notes, "; "), ")"));
  }
  return loaded;
}

absl::StatusOr<JobDetector> ResolveJobDetector(
    const DatasetContext& context, const std::string& name,
    const core::CancellationToken& cancellation) {
  JobDetector detector;
  detector.name = name.empty() ? context.default_detector : name;
  CC_ASSIGN_OR_RETURN(detector.plugin,
                      context.registry->Find(
                          campcount::v1::PLUGIN_KIND_DETECTOR, detector.name));
  CC_ASSIGN_OR_RETURN(
      detector.model,
      core::ResolveDetectorModel(
          *detector.plugin, campcount::v1::EstimateRequest(), &cancellation));
  return detector;
}

absl::StatusOr<std::vector<campcount::v1::TrainingExample>> ExamplesFor(
    const DatasetContext& context, const SurveyCases& surveys,
    const JobDetector& detector, float score_threshold,
    const ProgressFn& progress, const core::CancellationToken& cancellation) {
  std::set<std::string> images;
  for (const SurveyCase& c : surveys.cases) {
    images.insert(c.selection.image().path());
  }
  std::set<std::string> done;
  std::vector<campcount::v1::TrainingExample> examples;
  for (const SurveyCase& c : surveys.cases) {
    if (cancellation.IsCancelled()) {
      return absl::CancelledError("cancelled while detecting on the dataset");
    }
    const auto& image = c.selection.image();
    if (done.insert(image.path()).second && progress) {
      campcount::v1::DatasetProgress p;
      p.set_stage(absl::StrCat("detecting (", detector.name, ") on ",
                               c.camp->id(), " image ", image.date()));
      p.set_done(static_cast<int64_t>(done.size()) - 1);
      p.set_total(static_cast<int64_t>(images.size()));
      progress(p);
    }
    CC_ASSIGN_OR_RETURN(
        campcount::v1::CampFeatures features,
        context.features->Get(*c.camp, image, detector.name, detector.model,
                              score_threshold, cancellation));
    // The camp's previous image, as the pipeline adds it for a dataset
    // estimate: its trend is an input of time_adjusted.
    if (const auto previous = core::PreviousImage(*c.camp, image)) {
      CC_ASSIGN_OR_RETURN(
          campcount::v1::CampFeatures before,
          context.features->Get(*c.camp, *previous, detector.name,
                                detector.model, score_threshold, cancellation));
      features.set_previous_image_date(previous->date());
      features.set_previous_total_tent_area_m2(before.total_tent_area_m2());
    }
    features.set_camp_id(c.camp->id());
    features.set_target_date(c.survey.record().survey_date());
    features.set_days_to_target(c.selection.gap_days());
    campcount::v1::TrainingExample example;
    *example.mutable_features() = features;
    example.set_population(double(c.survey.record().individuals()));
    example.set_image_id(image.id());
    example.set_survey_round(c.survey.record().survey_round());
    examples.push_back(std::move(example));
  }
  return examples;
}

}  // namespace campcount::evaluation
