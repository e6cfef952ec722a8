#include "estimate_recording.h"

#include <iostream>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "detection_columns.h"

namespace campcount::records {

std::string NowRfc3339() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                          absl::UTCTimeZone());
}

EstimateRecording::EstimateRecording(
    EstimateStore* store, const campcount::v1::EstimateRequest& request,
    const std::string& engine_version)
    : store_(store) {
  if (store_ == nullptr) return;
  record_.set_state(campcount::v1::RECORD_STATE_INCOMPLETE);
  record_.set_started_at(NowRfc3339());
  record_.set_engine_version(engine_version);
  record_.set_request(request.SerializeAsString());
  record_.set_camp_id(request.camp_id());
  record_.set_image_uri(request.image_uri());
  record_.set_for_date(request.target_date());
}

void EstimateRecording::Begin() {
  if (store_ == nullptr) return;
  absl::StatusOr<std::string> id = store_->Begin(record_);
  if (!id.ok()) {
    std::cerr << "campcount: estimate not recorded: " << id.status().message()
              << std::endl;
    store_ = nullptr;
    return;
  }
  record_.set_id(*id);
}

void EstimateRecording::Observe(const campcount::v1::EstimateEvent& event) {
  if (store_ == nullptr) return;
  switch (event.event_case()) {
    case campcount::v1::EstimateEvent::kStarted: {
      const auto& started = event.started();
      *record_.mutable_scene() = started.scene();
      record_.set_source(started.source());
      record_.set_detector(started.detector());
      record_.set_score_threshold(started.score_threshold());
      *record_.mutable_estimators() = started.estimators();
      record_.set_tile_count(started.tile_count());
      record_.set_tile_size_px(started.tile_size_px());
      record_.set_tile_overlap_px(started.tile_overlap_px());
      break;
    }
    case campcount::v1::EstimateEvent::kDetections:
      for (const auto& d : event.detections().detections()) {
        AppendDetection(d, &detections_);
      }
      break;
    case campcount::v1::EstimateEvent::kEstimate:
      *record_.add_estimates() = event.estimate();
      break;
    case campcount::v1::EstimateEvent::kDone: {
      const auto& done = event.done();
      *record_.mutable_features() = done.features();
      record_.set_detections_before_nms(done.detections_before_nms());
      record_.set_dropped_by_nms(done.dropped_by_nms());
      record_.set_dropped_outside_boundary(done.dropped_outside_boundary());
      record_.set_seconds(done.seconds());
      record_.set_dropped_at_tile_edge(done.dropped_at_tile_edge());
      if (done.has_challenger())
        *record_.mutable_challenger() = done.challenger();
      if (!done.selected_image_id().empty()) {
        record_.set_selected_image_id(done.selected_image_id());
        record_.set_days_image_to_target(done.days_image_to_target());
      }
      if (record_.image_uri().empty()) {
        record_.set_image_uri(done.selected_image_uri());
      }
      const std::string& for_date = done.features().target_date().empty()
                                        ? done.features().image_date()
                                        : done.features().target_date();
      if (!for_date.empty()) record_.set_for_date(for_date);
      break;
    }
    default:
      break;
  }
}

void EstimateRecording::TakeDetections(
    const campcount::v1::DetectionBatch& batch) {
  if (store_ == nullptr) return;
  for (const auto& d : batch.detections()) AppendDetection(d, &detections_);
}

absl::StatusOr<std::string> EstimateRecording::Complete() {
  if (store_ == nullptr) {
    return absl::FailedPreconditionError("recording is off");
  }
  record_.set_completed_at(NowRfc3339());
  absl::Status status = store_->Complete(record_, detections_);
  store_ = nullptr;  // finished, one way or the other
  if (!status.ok()) return status;
  return record_.id();
}

void EstimateRecording::Fail(const absl::Status& error) {
  if (store_ == nullptr) return;
  if (absl::Status s = store_->Fail(record_.id(), error); !s.ok()) {
    std::cerr << "campcount: " << s.message() << std::endl;
  }
  store_ = nullptr;
}

}  // namespace campcount::records
