#include "comparison.h"

#include <boost/filesystem.hpp>
#include <chrono>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "calibrator.h"
#include "comparison_report.h"
#include "error_metrics.h"
#include "status_macros.h"

namespace campcount::evaluation {
namespace {

struct PipelineSpec {
  std::string name, detector, estimator;
};

absl::StatusOr<std::vector<PipelineSpec>> ParsePipelines(
    const campcount::v1::CompareRequest& request,
    const std::string& default_detector) {
  if (request.pipelines_size() < 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "compare needs two or more pipelines (DETECTOR:ESTIMATOR), got ",
        request.pipelines_size()));
  }
  std::vector<PipelineSpec> specs;
  std::set<std::string> seen;
  for (const std::string& text : request.pipelines()) {
    std::vector<std::string> parts = absl::StrSplit(text, ':');
    PipelineSpec spec;
    if (parts.size() == 1) {
      spec.detector = default_detector;
      spec.estimator = parts[0];
    } else if (parts.size() == 2) {
      spec.detector = parts[0].empty() ? default_detector : parts[0];
      spec.estimator = parts[1];
    }
    if (spec.estimator.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("pipeline '", text, "' is not DETECTOR:ESTIMATOR"));
    }
    spec.name = absl::StrCat(spec.detector, ":", spec.estimator);
    if (!seen.insert(spec.name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("pipeline '", spec.name, "' is named twice"));
    }
    specs.push_back(spec);
  }
  return specs;
}

}  // namespace

absl::StatusOr<std::vector<campcount::v1::ComparisonPoint>> LeaveOneCampOut(
    const std::string& pipeline, const std::string& estimator,
    const std::vector<campcount::v1::TrainingExample>& examples,
    const campcount::v1::ReadCensusResponse& census,
    const EstimatorCalls& calls, double* interval_level, int64_t* fits,
    int64_t* unanswered) {
  std::map<std::string, std::vector<const campcount::v1::CensusEntry*>>
      census_by_camp;
  for (const auto& entry : census.entries()) {
    census_by_camp[entry.record().site_id()].push_back(&entry);
  }
  std::set<std::string> camps;
  for (const auto& e : examples) camps.insert(e.features().camp_id());
  // Does it fit at all? (Fitting on everything is only a probe; that fit is
  // never used to judge a camp.)
  auto probe = calls.fit(examples);
  const bool fitted = probe.ok();
  if (!fitted && probe.status().code() != absl::StatusCode::kUnimplemented) {
    return probe.status();
  }
  std::vector<campcount::v1::ComparisonPoint> points;
  for (const std::string& camp : camps) {
    campcount::v1::CalibrationArtifact artifact;
    if (fitted) {
      std::vector<campcount::v1::TrainingExample> training;
      for (const auto& e : examples) {
        if (e.features().camp_id() != camp) training.push_back(e);
      }
      CC_ASSIGN_OR_RETURN(campcount::v1::LinearFit fit, calls.fit(training));
      ++*fits;
      artifact.set_format("campcount-calibration/1");
      artifact.set_estimator(estimator);
      artifact.set_version(absl::StrCat("loco-without-", camp));
      artifact.set_path(absl::StrCat("(leave-one-camp-out fit without ", camp,
                                     ", in memory)"));
      *artifact.mutable_fit() = fit;
    }
    for (const auto& e : examples) {
      if (e.features().camp_id() != camp) continue;
      campcount::v1::EstimatorRequest request;
      *request.mutable_features() = e.features();
      if (fitted) {
        *request.mutable_calibration() = artifact;
        request.mutable_calibration()->set_score_threshold(
            e.features().score_threshold());
      }
      // Only surveys before the judged one: its own count is the answer.
      for (const auto* entry : census_by_camp[camp]) {
        if (entry->record().survey_date() < e.features().target_date()) {
          *request.add_census() = *entry;
        }
      }
      absl::StatusOr<campcount::v1::PopulationEstimate> answer =
          calls.estimate(request);
      if (answer.status().code() == absl::StatusCode::kFailedPrecondition) {
        ++*unanswered;
        continue;
      }
      CC_RETURN_IF_ERROR(answer.status());
      const campcount::v1::PopulationEstimate& estimate = *answer;
      *interval_level = estimate.interval().level();
      campcount::v1::ComparisonPoint point;
      point.set_pipeline(pipeline);
      point.set_camp_id(camp);
      point.set_survey_date(e.features().target_date());
      point.set_image_date(e.features().image_date());
      point.set_gap_days(e.features().days_to_target());
      point.set_census(e.population());
      point.set_estimate(estimate.population());
      point.set_lower(estimate.interval().lower());
      point.set_upper(estimate.interval().upper());
      points.push_back(point);
    }
  }
  return points;
}

absl::StatusOr<campcount::v1::CompareResult> Compare(
    const DatasetContext& context, const campcount::v1::CompareRequest& request,
    const ProgressFn& progress, const core::CancellationToken& cancellation) {
  const auto started = std::chrono::steady_clock::now();
  CC_ASSIGN_OR_RETURN(std::vector<PipelineSpec> specs,
                      ParsePipelines(request, context.default_detector));
  // Each detector's model is resolved once, so every pipeline and camp of
  // the comparison runs on the same version.
  std::map<std::string, JobDetector> detectors;
  for (const PipelineSpec& spec : specs) {
    if (detectors.count(spec.detector) == 0) {
      CC_ASSIGN_OR_RETURN(
          detectors[spec.detector],
          ResolveJobDetector(context, spec.detector, cancellation));
    }
    CC_RETURN_IF_ERROR(
        context.registry
            ->Find(campcount::v1::PLUGIN_KIND_ESTIMATOR, spec.estimator)
            .status());
  }
  const float threshold = request.has_score_threshold()
                              ? request.score_threshold()
                              : context.default_score_threshold;
  const int far_gap = request.far_gap_days() > 0 ? request.far_gap_days() : 60;
  CC_ASSIGN_OR_RETURN(
      LoadedDataset loaded,
      LoadDataset(context, request.dataset(), request.include_stale_surveys(),
                  {request.camps().begin(), request.camps().end()},
                  cancellation));
  const int64_t detections_before = context.features->detections_run();

  campcount::v1::CompareResult result;
  result.set_far_gap_days(far_gap);
  for (const std::string& note : loaded.surveys.notes) result.add_notes(note);
  std::map<std::string, std::map<std::string, double>> camp_mae;
  struct Judged {
    std::vector<campcount::v1::ComparisonPoint> points;
    double level = 0;
    int64_t fits = 0;
  };
  std::vector<Judged> judged;
  for (const PipelineSpec& spec : specs) {
    CC_ASSIGN_OR_RETURN(
        auto examples,
        ExamplesFor(context, loaded.surveys, detectors.at(spec.detector),
                    threshold, progress, cancellation));
    if (progress) {
      campcount::v1::DatasetProgress p;
      p.set_stage(absl::StrCat("judging ", spec.name, " (leave-one-camp-out)"));
      progress(p);
    }
    CC_ASSIGN_OR_RETURN(
        auto estimator,
        context.registry->Find(campcount::v1::PLUGIN_KIND_ESTIMATOR,
                               spec.estimator));
    EstimatorCalls calls;
    calls.fit = [&](const std::vector<campcount::v1::TrainingExample>& training)
        -> absl::StatusOr<campcount::v1::LinearFit> {
      campcount::v1::FitRequest fit_request;
      for (const auto& e : training) *fit_request.add_examples() = e;
      campcount::v1::FitResponse response;
      CC_RETURN_IF_ERROR(estimator->Call(CC_METHOD_FIT, fit_request, &response,
                                         &cancellation));
      return response.fit();
    };
    calls.estimate = [&](const campcount::v1::EstimatorRequest& r)
        -> absl::StatusOr<campcount::v1::PopulationEstimate> {
      if (cancellation.IsCancelled()) {
        return absl::CancelledError("comparison cancelled");
      }
      campcount::v1::EstimatorResponse response;
      CC_RETURN_IF_ERROR(
          estimator->Call(CC_METHOD_ESTIMATE, r, &response, &cancellation));
      return response.estimate();
    };
    double pipeline_level = 0;
    int64_t fits = 0, unanswered = 0;
    CC_ASSIGN_OR_RETURN(
        auto points,
        LeaveOneCampOut(spec.name, spec.estimator, examples, loaded.census,
                        calls, &pipeline_level, &fits, &unanswered));
    if (unanswered > 0) {
      result.add_notes(absl::StrCat(spec.name, " could not answer ", unanswered,
                                    " survey(s) (e.g. no earlier census)"));
    }
    judged.push_back({std::move(points), pipeline_level, fits});
  }
  // Every pipeline is judged on the surveys all of them answered, so the
  // numbers compare like with like.
  std::map<std::pair<std::string, std::string>, size_t> answered_by;
  for (const Judged& j : judged) {
    for (const auto& p : j.points)
      ++answered_by[{p.camp_id(), p.survey_date()}];
  }
  int64_t dropped = 0;
  for (size_t s = 0; s < specs.size(); ++s) {
    const PipelineSpec& spec = specs[s];
    const Judged& j = judged[s];
    const int first = result.points_size();
    for (const auto& p : j.points) {
      if (answered_by[{p.camp_id(), p.survey_date()}] == specs.size()) {
        *result.add_points() = p;
      } else {
        ++dropped;
      }
    }
    std::vector<const campcount::v1::ComparisonPoint*> all, far, near;
    std::map<std::string, std::vector<const campcount::v1::ComparisonPoint*>>
        by_camp;
    for (int i = first; i < result.points_size(); ++i) {
      const auto* p = &result.points(i);
      all.push_back(p);
      (p->gap_days() >= far_gap ? far : near).push_back(p);
      by_camp[p->camp_id()].push_back(p);
    }
    const double pipeline_level = j.level;
    campcount::v1::PipelineSummary* summary = result.add_pipelines();
    summary->set_pipeline(spec.name);
    *summary->mutable_overall() = Metrics(all, pipeline_level);
    *summary->mutable_far_gap() = Metrics(far, pipeline_level);
    *summary->mutable_near_gap() = Metrics(near, pipeline_level);
    summary->set_evaluation(
        j.fits > 0 ? absl::StrCat("leave-one-camp-out: ", j.fits,
                                  " fits, each without the camp it judges")
                   : "no fitting (each survey judged with earlier data only)");
    for (const auto& [camp, camp_points] : by_camp) {
      campcount::v1::CampMetrics* m = result.add_camps();
      m->set_pipeline(spec.name);
      m->set_camp_id(camp);
      *m->mutable_metrics() = Metrics(camp_points, pipeline_level);
      camp_mae[spec.name][camp] = m->metrics().mae();
    }
  }
  if (dropped > 0) {
    result.add_notes(
        absl::StrCat(dropped,
                     " answer(s) left out of the metrics because another "
                     "pipeline could not answer the same survey"));
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    for (size_t j = i + 1; j < specs.size(); ++j) {
      *result.add_paired() =
          Paired(specs[i].name, camp_mae[specs[i].name], specs[j].name,
                 camp_mae[specs[j].name], 0.95);
    }
  }
  std::string output_dir = request.output_dir();
  if (output_dir.empty()) {
    output_dir =
        (boost::filesystem::path(loaded.dataset.root_dir()) / "comparison")
            .string();
  }
  CC_RETURN_IF_ERROR(WriteComparisonReport(output_dir, &result));
  result.set_images_detected(context.features->detections_run() -
                             detections_before);
  result.set_seconds(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count());
  return result;
}

}  // namespace campcount::evaluation
