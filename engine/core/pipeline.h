// The estimate pipeline: scene -> tiles -> detector (batched) -> scene
// coordinates -> tile-edge and scene-wide de-duplication -> camp boundary ->
// features -> every requested estimator. Knows nothing of gRPC: it reports
// through an EventSink and stops when its CancellationToken is set.
#ifndef CAMPCOUNT_ENGINE_CORE_PIPELINE_H_
#define CAMPCOUNT_ENGINE_CORE_PIPELINE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "campcount/v1/service.pb.h"
#include "cancellation.h"
#include "nms.h"
#include "plugin_registry.h"
#include "worker_pool.h"

namespace campcount::core {

struct PipelineOptions {
  int detector_batch_size = 4;
  int default_tile_size_px = 512;
  double default_max_object_size_m = 12.0;
  float default_score_threshold = 0.5f;
  NmsOptions nms;
  std::string default_source = "geotiff";
  std::string default_detector = "faster_rcnn";
  std::vector<std::string> default_estimators = {"shelter_count"};
  // Detections per DetectionBatch event.
  int detections_per_event = 500;
  // Root of the model repository (calibration artifacts; issue 5).
  std::string model_repository = "models";
  // Long-lived threads that read tile batches ahead of the detector (see
  // batch_read_ahead.h); null: each estimate starts a thread of its own.
  WorkerPool* read_ahead_workers = nullptr;
};

// The same options for a pipeline that only detects: no estimators.
PipelineOptions DetectionOnly(PipelineOptions options);

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void Send(campcount::v1::EstimateEvent event) = 0;
};

// Keeps only the features of a run's Done event: for runs whose stream
// nobody watches (a camp's previous image, dataset jobs).
class FeaturesSink : public EventSink {
 public:
  void Send(campcount::v1::EstimateEvent event) override {
    if (event.has_done()) features = event.done().features();
  }
  campcount::v1::CampFeatures features;
};

class EstimatePipeline {
 public:
  EstimatePipeline(const PluginRegistry* registry, PipelineOptions options)
      : registry_(registry), options_(std::move(options)) {}

  // Runs one estimate. Returns the first error (with the stage and plugin
  // named), CANCELLED when `cancellation` was set, else OK after the Done
  // event was sent.
  absl::Status Run(const campcount::v1::EstimateRequest& request,
                   EventSink& sink,
                   const CancellationToken& cancellation) const;

  const PipelineOptions& options() const { return options_; }

 private:
  const PluginRegistry* registry_;
  PipelineOptions options_;
};

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_PIPELINE_H_
