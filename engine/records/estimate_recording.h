// The record of one Estimate call as it happens: begun when the call starts,
// filled from the events the pipeline sends, completed (or failed) in the
// store before the final event reaches the client.
#ifndef CAMPCOUNT_ENGINE_RECORDS_ESTIMATE_RECORDING_H_
#define CAMPCOUNT_ENGINE_RECORDS_ESTIMATE_RECORDING_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "campcount/v1/records.pb.h"
#include "campcount/v1/service.pb.h"
#include "campcount/v1/stored_detections.pb.h"
#include "estimate_store.h"

namespace campcount::records {

class EstimateRecording {
 public:
  // With a null store every call does nothing.
  EstimateRecording(EstimateStore* store,
                    const campcount::v1::EstimateRequest& request,
                    const std::string& engine_version);

  // Inserts the INCOMPLETE record. When that fails (logged), every later
  // call does nothing: recording must never stop an estimate.
  void Begin();
  bool active() const { return store_ != nullptr; }
  const std::string& id() const { return record_.id(); }

  // Takes what the record needs from one pipeline event.
  void Observe(const campcount::v1::EstimateEvent& event);
  // Adds a batch of detections the client did not ask to see (Observe takes
  // the ones it did).
  void TakeDetections(const campcount::v1::DetectionBatch& batch);
  // Writes the whole record as COMPLETE; returns its id.
  absl::StatusOr<std::string> Complete();
  // Marks the record FAILED (errors are logged, not returned).
  void Fail(const absl::Status& error);

 private:
  EstimateStore* store_;
  campcount::v1::EstimateRecord record_;
  // Stored beside the record, packed (stored_detections.proto).
  campcount::v1::DetectionColumns detections_;
};

// Now, as RFC 3339 UTC with seconds.
std::string NowRfc3339();

}  // namespace campcount::records

#endif  // CAMPCOUNT_ENGINE_RECORDS_ESTIMATE_RECORDING_H_
