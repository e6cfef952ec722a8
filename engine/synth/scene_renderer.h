// Renders any window of one date of a planned camp, on demand.
//
// The plan fixes every object; the renderer only draws. A window is drawn
// with enough padding for the blur, so a window's pixels are the same as
// the same pixels of a whole-image render: `campcount synth` writes images
// strip by strip and the `synthetic` source renders tiles as the engine asks.
#ifndef CAMPCOUNT_ENGINE_SYNTH_SCENE_RENDERER_H_
#define CAMPCOUNT_ENGINE_SYNTH_SCENE_RENDERER_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "camp_plan.h"
#include "opencv2/core.hpp"
#include "shelter_painter.h"

namespace campcount::synth {

class SceneRenderer {
 public:
  // `plan` must outlive the renderer. Fails when date_index is not one of
  // the plan's images.
  static absl::StatusOr<SceneRenderer> Create(const CampPlan& plan,
                                              int date_index);

  int width_px() const { return plan_->spec.width_px; }
  int height_px() const { return plan_->spec.height_px; }
  double gsd_m() const { return plan_->spec.gsd_m; }
  const ImagingConditions& conditions() const { return *conditions_; }
  // Shelters standing on this date (tents, makeshift, buildings).
  const std::vector<const Shelter*>& standing() const { return standing_; }

  // The window [x0, x0 + width) x [y0, y0 + height) as RGB (CV_8UC3).
  // Fails when the window is empty or leaves the image.
  absl::StatusOr<cv::Mat> Render(int64_t x0, int64_t y0, int width,
                                 int height) const;

 private:
  SceneRenderer() = default;

  const CampPlan* plan_ = nullptr;
  const ImagingConditions* conditions_ = nullptr;
  SunLight sun_;
  std::vector<const Shelter*> standing_;
  std::vector<Box> shelter_ink_;  // parallel to standing_, metres
  std::vector<Box> tree_ink_;     // parallel to plan_->trees, metres
};

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_SCENE_RENDERER_H_
