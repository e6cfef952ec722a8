#include "scene_renderer.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "atmosphere.h"
#include "ground_texture.h"
#include "viewer_overlay.h"

namespace campcount::synth {

absl::StatusOr<SceneRenderer> SceneRenderer::Create(const CampPlan& plan,
                                                    int date_index) {
  if (date_index < 0 ||
      date_index >= static_cast<int>(plan.spec.images.size())) {
    return absl::InvalidArgumentError(
        absl::StrCat("camp ", plan.spec.site_id, " has dates 0..",
                     plan.spec.images.size() - 1, ", not ", date_index));
  }
  SceneRenderer r;
  r.plan_ = &plan;
  r.conditions_ = &plan.spec.images[date_index];
  const ImagingConditions& c = *r.conditions_;
  r.sun_ = SunFor(c.sun_azimuth_deg, c.sun_elevation_deg, c.haze);
  for (const Shelter& s : plan.shelters) {
    if (!s.StandsOn(static_cast<double>(c.day))) continue;
    r.standing_.push_back(&s);
    r.shelter_ink_.push_back(InkBounds(s, r.sun_));
  }
  for (const Tree& t : plan.trees) r.tree_ink_.push_back(InkBounds(t, r.sun_));
  return r;
}

absl::StatusOr<cv::Mat> SceneRenderer::Render(int64_t x0, int64_t y0, int width,
                                              int height) const {
  if (width <= 0 || height <= 0 || x0 < 0 || y0 < 0 ||
      x0 + width > width_px() || y0 + height > height_px()) {
    return absl::OutOfRangeError(
        absl::StrCat("window ", width, "x", height, "+", x0, "+", y0,
                     " leaves the ", width_px(), "x", height_px(), " image"));
  }
  const double gsd = gsd_m();
  const int pad = BlurReachPx(*conditions_, gsd) + 2;
  Canvas canvas;
  canvas.x0 = x0 - pad;
  canvas.y0 = y0 - pad;
  canvas.gsd = gsd;
  canvas.rgb.create(height + 2 * pad, width + 2 * pad, CV_8UC3);
  const Box extent = canvas.Extent().Inflated(gsd);

  std::vector<const Shelter*> shelters;
  for (size_t i = 0; i < standing_.size(); ++i) {
    if (shelter_ink_[i].Intersects(extent)) shelters.push_back(standing_[i]);
  }
  std::vector<const Tree*> trees;
  for (size_t i = 0; i < plan_->trees.size(); ++i) {
    if (tree_ink_[i].Intersects(extent)) trees.push_back(&plan_->trees[i]);
  }

  PaintGround(plan_->spec.plan_seed, conditions_->greenness, canvas);
  DrawTracks(plan_->tracks, canvas);
  DrawShadows(shelters, trees, sun_, canvas);
  DrawFences(plan_->fences, canvas);
  DrawShelters(shelters, sun_, canvas);
  DrawTrees(trees, sun_, canvas);
  ApplyAtmosphere(*conditions_, gsd, canvas);
  // Overlays are the viewer's, drawn on the delivered image: crisp.
  DrawViewerOverlays(*conditions_, width_px(), height_px(), canvas);
  return canvas.rgb(cv::Rect(pad, pad, width, height)).clone();
}

}  // namespace campcount::synth
