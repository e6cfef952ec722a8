#include "pipeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "batch_read_ahead.h"
#include "boundary.h"
#include "camp_features.h"
#include "detect_request_builder.h"
#include "detector_model.h"
#include "estimator_inputs.h"
#include "georeference.h"
#include "scene_request.h"
#include "status_macros.h"
#include "tiling.h"

namespace campcount::core {
namespace {

using campcount::v1::Detection;
using Clock = std::chrono::steady_clock;

// Boxes within this many pixels of a tile edge that has a neighbouring tile
// are cut objects: the overlap guarantees the neighbour sees them whole.
constexpr double kTileEdgeMarginPx = 2.0;

// Batches read ahead of the detector. Two absorb a tile that is slow to
// decode; each costs a batch of tiles in memory (3.3 MB for four 512 px RGB
// tiles).
constexpr int kReadAheadBatches = 2;

// Tile progress events are sent at most this often (besides the first and
// the last batch's).
constexpr auto kProgressInterval = std::chrono::milliseconds(100);

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
  CC_RETURN_IF_ERROR(ValidateSceneFields(request));
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

// What the engine, not the estimator, knows about the pixels: how they were
// pre-processed and which image a dataset gave. Names an estimator already
// used are left alone.
void AddPreprocessingInputs(const campcount::v1::Scene& scene,
                            const SceneChoice& choice,
                            campcount::v1::Explanation* explanation) {
  auto add = [&](const std::string& name, const std::string& value,
                 const std::string& unit) {
    for (const auto& input : explanation->inputs()) {
      if (input.name() == name) return;
    }
    campcount::v1::NamedValue* input = explanation->add_inputs();
    input->set_name(name);
    input->set_value(value);
    input->set_unit(unit);
  };
  if (scene.native_gsd_m() > 0) {
    add("image's own ground sample distance",
        absl::StrFormat("%.3g", scene.native_gsd_m()), "m per pixel");
  }
  if (!scene.preprocessing().empty()) {
    add("image pre-processing", scene.preprocessing(), "");
  }
  if (choice.selection) {
    const auto& selection = *choice.selection;
    add("image chosen",
        absl::StrCat(selection.image().id(), " (", selection.image().date(),
                     "), the camp's closest image on or before ",
                     selection.target_date()),
        "");
    add("days from chosen image to target date",
        absl::StrCat(selection.gap_days()), "days");
  }
}

Box ToBox(const campcount::v1::PixelBox& b) {
  return Box{b.xmin(), b.ymin(), b.xmax(), b.ymax()};
}

}  // namespace

PipelineOptions DetectionOnly(PipelineOptions options) {
  options.default_estimators.clear();
  return options;
}

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
  std::shared_ptr<const PluginInstance> challenger;
  if (!request.challenger().empty()) {
    CC_ASSIGN_OR_RETURN(challenger,
                        registry_->Find(campcount::v1::PLUGIN_KIND_ESTIMATOR,
                                        request.challenger()));
    estimator_names.push_back(request.challenger());
  }
  CC_ASSIGN_OR_RETURN(
      const EstimatorInputs estimator_inputs,
      PrepareEstimatorInputs(*registry_, options_.model_repository, request,
                             estimator_names, cancellation));
  const float threshold = request.has_score_threshold()
                              ? request.score_threshold()
                              : options_.default_score_threshold;

  // The detector's model (if it runs one) is resolved once: every batch runs
  // on that version, and its GSD and tile size replace the plugin's defaults
  // (the source resamples to the model's GSD, not the plugin's).
  CC_ASSIGN_OR_RETURN(
      const std::optional<campcount::v1::ModelInfo> model,
      ResolveDetectorModel(*plugins.detector, request, &cancellation));
  const campcount::v1::PluginManifest detector =
      WithModel(plugins.detector->manifest(), model);
  // Open the scene; it is closed on every way out of this function.
  double source_seconds = 0, detector_seconds = 0;
  Clock::time_point step = Clock::now();
  // The image (given, or picked from a dataset) and its pre-processing.
  CC_ASSIGN_OR_RETURN(SceneChoice choice, ChooseScene(request, detector));
  const campcount::v1::OpenSceneRequest& open = choice.open;
  const std::string& image_uri = open.uri();
  campcount::v1::Scene scene;
  CC_RETURN_IF_ERROR(
      plugins.source->Call(CC_METHOD_OPEN_SCENE, open, &scene, &cancellation));
  source_seconds += SecondsSince(step);
  OpenScene scene_guard(plugins.source.get(), scene.handle());
  // A dataset's manifest states the image date; the file's metadata may
  // not, or may disagree. Everything downstream uses the manifest's.
  if (choice.selection) {
    scene.set_acquisition_date(choice.selection->image().date());
  }

  if (detector.required_bands() > 0 &&
      scene.bands() < detector.required_bands()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "image '", image_uri, "' has ", scene.bands(), " band(s); detector '",
        detector.name(), "' needs ", detector.required_bands(), " (e.g. RGB)"));
  }
  if (!(scene.gsd_m() > 0)) {
    return absl::FailedPreconditionError(
        absl::StrCat("image '", image_uri, "' has no usable pixel size (GSD ",
                     scene.gsd_m(), " m)"));
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
  // Tiles within the source's margin around the boundary are read too.
  const double margin_px =
      scene.margin_m() > 0 ? std::ceil(scene.margin_m() / scene.gsd_m()) : 0;
  for (const Window& tile : all_tiles) {
    if (boundary.MayIntersect(Box{double(tile.x) - margin_px,
                                  double(tile.y) - margin_px,
                                  double(tile.x + tile.width) + margin_px,
                                  double(tile.y + tile.height) + margin_px})) {
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

  // Detect, batch by batch; boxes are shifted into scene pixels. Tiles are
  // read ahead on another thread while the detector works, so reading and
  // decoding the raster hides behind detection on a second core. Tiles go
  // from the source to the detector as wire bytes, never parsed here.
  auto read_tile = [&](int64_t i, DetectRequestBuilder* batch) {
    campcount::v1::ReadTileRequest read;
    read.set_scene_handle(scene.handle());
    auto* window = read.mutable_window();
    window->set_x(tiles[i].x);
    window->set_y(tiles[i].y);
    window->set_width(tiles[i].width);
    window->set_height(tiles[i].height);
    absl::Status appended;
    CC_RETURN_IF_ERROR(plugins.source->CallWithBytes(
        CC_METHOD_READ_TILE, read.SerializeAsString(),
        [&](absl::string_view bytes) {
          appended = batch->AppendTile(bytes, i, scene.gsd_m());
          return true;
        },
        "campcount.v1.Tile", &cancellation));
    if (!appended.ok()) {
      return absl::InternalError(
          absl::StrCat("source '", plugins.source->manifest().name(), "' tile ",
                       i, ": ", appended.message()));
    }
    return absl::OkStatus();
  };
  auto finish_batch = [&](DetectRequestBuilder* batch) {
    return model.has_value()
               ? batch->Finish(threshold, model->name(), model->version())
               : batch->Finish(threshold);
  };
  std::vector<Detection> detections;
  int64_t dropped_at_edge = 0;
  Clock::time_point last_progress_at = Clock::now();
  const int batch_size = std::max(1, options_.detector_batch_size);
  const size_t tile_bytes =
      static_cast<size_t>(tile_size) * tile_size * std::max(1, scene.bands());
  // Declared after everything the reads use, so it stops reading first.
  BatchReadAhead batches(
      tile_count, batch_size, kReadAheadBatches, batch_size * (tile_bytes + 64),
      read_tile, finish_batch, &cancellation, options_.read_ahead_workers);
  for (int64_t first = 0; first < tile_count;) {
    step = Clock::now();
    absl::StatusOr<TileBatch> batch = batches.Next();
    source_seconds += SecondsSince(step);  // time spent waiting for reads
    CC_RETURN_IF_ERROR(batch.status());
    if (cancellation.IsCancelled()) return Cancelled(first, tile_count);
    const int64_t last = batch->tiles.last;

    step = Clock::now();
    campcount::v1::DetectResponse response;
    CC_RETURN_IF_ERROR(plugins.detector->CallWithBytes(
        CC_METHOD_DETECT, batch->request,
        [&response](absl::string_view bytes) {
          return response.ParseFromArray(bytes.data(),
                                         static_cast<int>(bytes.size()));
        },
        response.GetTypeName(), &cancellation));
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
    // The first batch, the last, and at most ten a second between: each
    // event is a write to the client, which per batch cost 2 % of the
    // detector's time on small tiles.
    if (first == 0 || last == tile_count ||
        Clock::now() - last_progress_at >= kProgressInterval) {
      last_progress_at = Clock::now();
      campcount::v1::EstimateEvent event;
      auto* progress = event.mutable_progress();
      progress->set_tiles_done(last);
      progress->set_tile_count(tile_count);
      progress->set_detections_so_far(static_cast<int64_t>(detections.size()));
      sink.Send(std::move(event));
    }
    first = last;
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
  campcount::v1::CampFeatures features = ComputeFeatures(detections, context);
  if (choice.previous_image) {
    // The camp's previous image, through the same source, detector, model
    // version, threshold, boundary and pre-processing, so estimators can see
    // how the camp was changing (time_adjusted projects that change to the
    // target date). No events reach the client from it.
    campcount::v1::EstimateRequest previous;
    previous.set_image_uri(choice.previous_image->path());
    previous.set_boundary_geojson(open.boundary_geojson());
    previous.set_camp_id(request.camp_id());
    previous.set_source(plugins.source->manifest().name());
    previous.set_detector(plugins.detector->manifest().name());
    if (model) {
      previous.set_model(model->name());
      previous.set_model_version(model->version());
    }
    previous.set_score_threshold(threshold);
    if (open.target_gsd_m() > 0) previous.set_target_gsd_m(open.target_gsd_m());
    if (request.has_margin_m()) previous.set_margin_m(request.margin_m());
    if (request.has_contrast_stretch()) {
      previous.set_contrast_stretch(request.contrast_stretch());
    }
    if (request.has_stretch_clip_percent()) {
      previous.set_stretch_clip_percent(request.stretch_clip_percent());
    }
    FeaturesSink capture;
    absl::Status status = EstimatePipeline(registry_, DetectionOnly(options_))
                              .Run(previous, capture, cancellation);
    if (!status.ok()) {
      return absl::Status(
          status.code(),
          absl::StrCat("the camp's previous image ",
                       choice.previous_image->id(), " (",
                       choice.previous_image->path(), "): ", status.message()));
    }
    features.set_previous_image_date(choice.previous_image->date());
    features.set_previous_total_tent_area_m2(
        capture.features.total_tent_area_m2());
  }

  // The challenger (shadow mode) runs last on the same features; its answer
  // goes into EstimateDone, beside the answer, not as an estimate event.
  campcount::v1::PopulationEstimate challenger_estimate;
  auto all_estimators = plugins.estimators;
  if (challenger != nullptr) all_estimators.push_back(challenger);
  for (size_t e = 0; e < all_estimators.size(); ++e) {
    const auto& estimator = all_estimators[e];
    if (cancellation.IsCancelled()) return Cancelled(tile_count, tile_count);
    campcount::v1::EstimatorResponse response;
    CC_RETURN_IF_ERROR(estimator->Call(
        CC_METHOD_ESTIMATE,
        estimator_inputs.RequestFor(estimator->manifest().name(), features),
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
    AddPreprocessingInputs(scene, choice, explanation);
    if (e == plugins.estimators.size()) {
      challenger_estimate = std::move(*response.mutable_estimate());
      continue;
    }
    campcount::v1::EstimateEvent event;
    *event.mutable_estimate() = std::move(*response.mutable_estimate());
    sink.Send(std::move(event));
  }

  campcount::v1::EstimateEvent event;
  auto* done = event.mutable_done();
  *done->mutable_features() = features;
  if (challenger != nullptr) *done->mutable_challenger() = challenger_estimate;
  done->set_detections_before_nms(static_cast<int64_t>(detections.size()));
  done->set_dropped_by_nms(dropped_by_nms);
  done->set_dropped_outside_boundary(dropped_outside);
  done->set_dropped_at_tile_edge(dropped_at_edge);
  done->set_tiles_skipped_outside_boundary(
      static_cast<int64_t>(all_tiles.size()) - tile_count);
  done->set_source_seconds(source_seconds);
  done->set_detector_seconds(detector_seconds);
  done->set_seconds(SecondsSince(started_at));
  if (choice.selection) {
    done->set_selected_image_id(choice.selection->image().id());
    done->set_selected_image_uri(choice.selection->image().path());
    done->set_days_image_to_target(choice.selection->gap_days());
  }
  sink.Send(std::move(event));
  return absl::OkStatus();
}

}  // namespace campcount::core
