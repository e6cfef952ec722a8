#include "pipeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "boundary.h"
#include "camp_features.h"
#include "detector_model.h"
#include "georeference.h"
#include "status_macros.h"
#include "tiling.h"

namespace campcount::core {
namespace {

using campcount::v1::Detection;
using Clock = std::chrono::steady_clock;

// Boxes within this many pixels of a tile edge that has a neighbouring tile
// are cut objects: the overlap guarantees the neighbour sees them whole.
constexpr double kTileEdgeMarginPx = 2.0;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

absl::Status Cancelled(int64_t tiles_done, int64_t tile_count) {
  return absl::CancelledError(absl::StrCat(
      "estimate cancelled after ", tiles_done, " of ", tile_count, " tiles"));
}

struct ResolvedPlugins {
  std::shared_ptr<const PluginInstance> source;
  std::shared_ptr<const PluginInstance> detector;
  std::vector<std::shared_ptr<const PluginInstance>> estimators;
};

// Closes the scene on every path out of the pipeline.
class OpenScene {
 public:
  OpenScene(const PluginInstance* source, uint64_t handle)
      : source_(source), handle_(handle) {}
  ~OpenScene() {
    campcount::v1::CloseSceneRequest request;
    request.set_scene_handle(handle_);
    campcount::v1::CloseSceneResponse response;
    source_->Call(CC_METHOD_CLOSE_SCENE, request, &response, nullptr)
        .IgnoreError();
  }

 private:
  const PluginInstance* source_;
  uint64_t handle_;
};

absl::Status ValidateRequest(const campcount::v1::EstimateRequest& request) {
  if (request.image_uri().empty()) {
    return absl::InvalidArgumentError("image_uri is empty: name the image");
  }
  if (request.has_score_threshold() &&
      !(request.score_threshold() >= 0 && request.score_threshold() <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("score_threshold must be between 0 and 1, got ",
                     request.score_threshold()));
  }
  if (!IsIsoDateOrEmpty(request.target_date())) {
    return absl::InvalidArgumentError(
        absl::StrCat("target_date '", request.target_date(),
                     "' is not a calendar date in YYYY-MM-DD form"));
  }
  return absl::OkStatus();
}

// True when a box (in tile pixels) touches a tile edge that has a
// neighbouring tile: the neighbour sees the whole object.
bool CutByInteriorEdge(const Detection& d, const Window& tile,
                       const campcount::v1::PixelWindow& area) {
  const auto& b = d.pixel_box();  // still in tile coordinates
  const bool left = tile.x > area.x() && b.xmin() <= kTileEdgeMarginPx;
  const bool top = tile.y > area.y() && b.ymin() <= kTileEdgeMarginPx;
  const bool right = tile.x + tile.width < area.x() + area.width() &&
                     b.xmax() >= tile.width - kTileEdgeMarginPx;
  const bool bottom = tile.y + tile.height < area.y() + area.height() &&
                      b.ymax() >= tile.height - kTileEdgeMarginPx;
  return left || top || right || bottom;
}

Box ToBox(const campcount::v1::PixelBox& b) {
  return Box{b.xmin(), b.ymin(), b.xmax(), b.ymax()};
}

}  // namespace

absl::Status EstimatePipeline::Run(
    const campcount::v1::EstimateRequest& request, EventSink& sink,
    const CancellationToken& cancellation) const {
  const Clock::time_point started_at = Clock::now();
  CC_RETURN_IF_ERROR(ValidateRequest(request));

  ResolvedPlugins plugins;
  CC_ASSIGN_OR_RETURN(
      plugins.source,
      registry_->Find(campcount::v1::PLUGIN_KIND_SOURCE,
                      request.source().empty() ? options_.default_source
                                               : request.source()));
  CC_ASSIGN_OR_RETURN(
      plugins.detector,
      registry_->Find(campcount::v1::PLUGIN_KIND_DETECTOR,
                      request.detector().empty() ? options_.default_detector
                                                 : request.detector()));
  std::vector<std::string> estimator_names(request.estimators().begin(),
                                           request.estimators().end());
  if (estimator_names.empty()) estimator_names = options_.default_estimators;
  for (const std::string& name : estimator_names) {
    CC_ASSIGN_OR_RETURN(
        auto estimator,
        registry_->Find(campcount::v1::PLUGIN_KIND_ESTIMATOR, name));
    plugins.estimators.push_back(std::move(estimator));
  }
  const float threshold = request.has_score_threshold()
                              ? request.score_threshold()
                              : options_.default_score_threshold;

  // Open the scene; it is closed on every way out of this function.
  double source_seconds = 0, detector_seconds = 0;
  Clock::time_point step = Clock::now();
  campcount::v1::OpenSceneRequest open;
  open.set_uri(request.image_uri());
  open.set_boundary_geojson(request.boundary_geojson());
  campcount::v1::Scene scene;
  CC_RETURN_IF_ERROR(
      plugins.source->Call(CC_METHOD_OPEN_SCENE, open, &scene, &cancellation));
  source_seconds += SecondsSince(step);
  OpenScene scene_guard(plugins.source.get(), scene.handle());

  // The detector's model (if it runs one) is resolved once: every batch runs
  // on that version, and its GSD and tile size replace the plugin's defaults.
  CC_ASSIGN_OR_RETURN(
      const std::optional<campcount::v1::ModelInfo> model,
      ResolveDetectorModel(*plugins.detector, request, &cancellation));
  const campcount::v1::PluginManifest detector =
      WithModel(plugins.detector->manifest(), model);
  if (detector.required_bands() > 0 &&
      scene.bands() < detector.required_bands()) {
    return absl::FailedPreconditionError(
        absl::StrCat("image '", request.image_uri(), "' has ", scene.bands(),
                     " band(s); detector '", detector.name(), "' needs ",
                     detector.required_bands(), " (e.g. RGB)"));
  }
  if (!(scene.gsd_m() > 0)) {
    return absl::FailedPreconditionError(
        absl::StrCat("image '", request.image_uri(),
                     "' has no usable pixel size (GSD ", scene.gsd_m(), " m)"));
  }

  // Tiles overlap by at least the largest object, so each lies whole in one.
  const int tile_size = detector.tile_size_px() > 0
                            ? detector.tile_size_px()
                            : options_.default_tile_size_px;
  const double max_object_m = detector.max_object_size_m() > 0
                                  ? detector.max_object_size_m()
                                  : options_.default_max_object_size_m;
  // The edge margin is added so that a largest-size object touching the
  // margin of one tile still lies clear of the margins of its neighbour.
  const int64_t wanted_overlap =
      static_cast<int64_t>(std::ceil(max_object_m / scene.gsd_m())) +
      2 * static_cast<int64_t>(std::ceil(kTileEdgeMarginPx));
  if (wanted_overlap >= tile_size / 2) {
    return absl::FailedPreconditionError(absl::StrCat(
        "detector '", detector.name(), "': objects up to ", max_object_m,
        " m are ", wanted_overlap, " px at this image's ", scene.gsd_m(),
        " m/px, too large for its ", tile_size,
        " px tiles (the overlap must stay under half a tile)"));
  }
  const int64_t overlap = wanted_overlap;
  const campcount::v1::PixelWindow& area = scene.area_of_interest();
  CC_ASSIGN_OR_RETURN(
      std::vector<Window> all_tiles,
      MakeTiles(Window{area.x(), area.y(), area.width(), area.height()},
                scene.width(), scene.height(), {tile_size, overlap}));
  const Boundary boundary(scene.boundary());
  std::vector<Window> tiles;
  for (const Window& tile : all_tiles) {
    if (boundary.MayIntersect(Box{double(tile.x), double(tile.y),
                                  double(tile.x + tile.width),
                                  double(tile.y + tile.height)})) {
      tiles.push_back(tile);
    }
  }
  const int64_t tile_count = static_cast<int64_t>(tiles.size());

  {
    campcount::v1::EstimateEvent event;
    auto* started = event.mutable_started();
    *started->mutable_scene() = scene;
    started->set_tile_count(tile_count);
    started->set_tile_size_px(tile_size);
    started->set_tile_overlap_px(static_cast<int32_t>(overlap));
    started->set_source(plugins.source->manifest().name());
    started->set_detector(detector.name());
    for (const auto& e : plugins.estimators) {
      started->add_estimators(e->manifest().name());
    }
    started->set_score_threshold(threshold);
    sink.Send(std::move(event));
  }

  // Detect, batch by batch; boxes are shifted into scene pixels. The next
  // batch is read while the detector works on this one, so reading and
  // decoding the raster hides behind detection on a second core.
  auto read_batch =
      [&](int64_t first,
          int64_t last) -> absl::StatusOr<campcount::v1::DetectRequest> {
    campcount::v1::DetectRequest detect;
    detect.set_score_threshold(threshold);
    if (model.has_value()) {
      detect.set_model(model->name());
      detect.set_model_version(model->version());
    }
    for (int64_t i = first; i < last; ++i) {
      campcount::v1::ReadTileRequest read;
      read.set_scene_handle(scene.handle());
      auto* window = read.mutable_window();
      window->set_x(tiles[i].x);
      window->set_y(tiles[i].y);
      window->set_width(tiles[i].width);
      window->set_height(tiles[i].height);
      campcount::v1::Tile* tile = detect.add_tiles();
      CC_RETURN_IF_ERROR(
          plugins.source->Call(CC_METHOD_READ_TILE, read, tile, &cancellation));
      tile->set_index(i);
      if (tile->gsd_m() <= 0) tile->set_gsd_m(scene.gsd_m());
    }
    return detect;
  };
  std::vector<Detection> detections;
  int64_t dropped_at_edge = 0;
  const int batch_size = std::max(1, options_.detector_batch_size);
  auto batch_end = [&](int64_t first) {
    return std::min<int64_t>(first + batch_size, tile_count);
  };
  std::future<absl::StatusOr<campcount::v1::DetectRequest>> next_batch;
  if (tile_count > 0) {
    next_batch = std::async(std::launch::async, read_batch, 0, batch_end(0));
  }
  for (int64_t first = 0; first < tile_count; first += batch_size) {
    const int64_t last = batch_end(first);
    step = Clock::now();
    absl::StatusOr<campcount::v1::DetectRequest> batch = next_batch.get();
    source_seconds += SecondsSince(step);  // time spent waiting for reads
    CC_RETURN_IF_ERROR(batch.status());
    if (cancellation.IsCancelled()) return Cancelled(first, tile_count);
    if (last < tile_count) {
      next_batch =
          std::async(std::launch::async, read_batch, last, batch_end(last));
    }
    const campcount::v1::DetectRequest& detect = *batch;

    step = Clock::now();
    campcount::v1::DetectResponse response;
    CC_RETURN_IF_ERROR(plugins.detector->Call(CC_METHOD_DETECT, detect,
                                              &response, &cancellation));
    detector_seconds += SecondsSince(step);

    for (campcount::v1::TileDetections& per_tile : *response.mutable_tiles()) {
      const int64_t index = per_tile.tile_index();
      if (index < first || index >= last) {
        return absl::InternalError(absl::StrCat(
            "detector '", detector.name(), "' answered for tile ", index,
            ", which was not in the batch [", first, ", ", last, ")"));
      }
      const Window& tile = tiles[index];
      for (Detection& d : *per_tile.mutable_detections()) {
        if (CutByInteriorEdge(d, tile, area)) {
          ++dropped_at_edge;
          continue;
        }
        auto* b = d.mutable_pixel_box();
        b->set_xmin(b->xmin() + tile.x);
        b->set_xmax(b->xmax() + tile.x);
        b->set_ymin(b->ymin() + tile.y);
        b->set_ymax(b->ymax() + tile.y);
        d.set_kept(true);
        detections.push_back(std::move(d));
      }
    }
    campcount::v1::EstimateEvent event;
    auto* progress = event.mutable_progress();
    progress->set_tiles_done(last);
    progress->set_tile_count(tile_count);
    progress->set_detections_so_far(static_cast<int64_t>(detections.size()));
    sink.Send(std::move(event));
  }

  // A shelter seen by two tiles counts once; outside the camp it counts not.
  std::vector<Box> boxes;
  std::vector<float> scores;
  boxes.reserve(detections.size());
  scores.reserve(detections.size());
  for (const Detection& d : detections) {
    boxes.push_back(ToBox(d.pixel_box()));
    scores.push_back(d.score());
  }
  std::vector<bool> survives(detections.size(), false);
  for (size_t index : NonMaximumSuppression(boxes, scores, options_.nms)) {
    survives[index] = true;
  }
  int64_t dropped_by_nms = 0, dropped_outside = 0;
  for (size_t i = 0; i < detections.size(); ++i) {
    Detection& d = detections[i];
    *d.mutable_map_box() = ToMapBox(scene.geotransform(), boxes[i]);
    if (d.score() < threshold) {
      d.set_kept(false);
      d.set_drop_reason("score below the threshold");
    } else if (boxes[i].Area() <= 0) {
      d.set_kept(false);
      d.set_drop_reason("empty box");
    } else if (!survives[i]) {
      d.set_kept(false);
      d.set_drop_reason("duplicate of a higher-scoring box (scene-wide NMS)");
      ++dropped_by_nms;
    } else if (!boundary.Contains(boxes[i].CenterX(), boxes[i].CenterY())) {
      d.set_kept(false);
      d.set_drop_reason("centre outside the camp boundary");
      ++dropped_outside;
    }
  }
  if (request.include_detections()) {
    const size_t per_event = std::max(1, options_.detections_per_event);
    for (size_t first = 0; first < detections.size(); first += per_event) {
      campcount::v1::EstimateEvent event;
      auto* batch = event.mutable_detections();
      for (size_t i = first; i < std::min(detections.size(), first + per_event);
           ++i) {
        *batch->add_detections() = detections[i];
      }
      sink.Send(std::move(event));
    }
  }

  FeatureContext context;
  context.camp_id = request.camp_id();
  context.image_date = scene.acquisition_date();
  context.target_date = request.target_date();
  context.camp_area_m2 = scene.area_m2();
  context.gsd_m = scene.gsd_m();
  context.score_threshold = threshold;
  campcount::v1::EstimatorRequest estimator_request;
  *estimator_request.mutable_features() = ComputeFeatures(detections, context);

  for (const auto& estimator : plugins.estimators) {
    if (cancellation.IsCancelled()) return Cancelled(tile_count, tile_count);
    campcount::v1::EstimatorResponse response;
    CC_RETURN_IF_ERROR(estimator->Call(CC_METHOD_ESTIMATE, estimator_request,
                                       &response, &cancellation));
    campcount::v1::Explanation* explanation =
        response.mutable_estimate()->mutable_explanation();
    // The engine, not the plugin, vouches for which code ran: it fills in
    // version and hash of an entry the plugin named, or adds the entry.
    for (const auto& [role, plugin] :
         {std::pair{"source", plugins.source.get()},
          std::pair{"detector", plugins.detector.get()},
          std::pair{"estimator", estimator.get()}}) {
      campcount::v1::ComponentVersion* component = nullptr;
      for (auto& existing : *explanation->mutable_components()) {
        if (existing.role() == role &&
            existing.name() == plugin->manifest().name()) {
          component = &existing;
        }
      }
      if (component == nullptr) component = explanation->add_components();
      component->set_role(role);
      component->set_name(plugin->manifest().name());
      component->set_version(plugin->manifest().version());
      component->set_sha256(plugin->info().sha256());
    }
    if (model.has_value()) {
      campcount::v1::ComponentVersion* component =
          explanation->add_components();
      component->set_role("model");
      component->set_name(model->name());
      component->set_version(model->version());
      component->set_sha256(model->sha256());
    }
    campcount::v1::EstimateEvent event;
    *event.mutable_estimate() = std::move(*response.mutable_estimate());
    sink.Send(std::move(event));
  }

  campcount::v1::EstimateEvent event;
  auto* done = event.mutable_done();
  *done->mutable_features() = estimator_request.features();
  done->set_detections_before_nms(static_cast<int64_t>(detections.size()));
  done->set_dropped_by_nms(dropped_by_nms);
  done->set_dropped_outside_boundary(dropped_outside);
  done->set_dropped_at_tile_edge(dropped_at_edge);
  done->set_tiles_skipped_outside_boundary(
      static_cast<int64_t>(all_tiles.size()) - tile_count);
  done->set_source_seconds(source_seconds);
  done->set_detector_seconds(detector_seconds);
  done->set_seconds(SecondsSince(started_at));
  sink.Send(std::move(event));
  return absl::OkStatus();
}

}  // namespace campcount::core
