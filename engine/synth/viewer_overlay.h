// Viewer overlays in image corners: the zoom buttons, search box, scale bar
// and copyright lines of the imagery viewer a screenshot came from. The
// field case's detector once learned such buttons as tents; here they are
// hard negatives that are never labelled.
#ifndef CAMPCOUNT_ENGINE_SYNTH_VIEWER_OVERLAY_H_
#define CAMPCOUNT_ENGINE_SYNTH_VIEWER_OVERLAY_H_

#include "camp_spec.h"
#include "canvas.h"
#include "scene_objects.h"

namespace campcount::synth {

// Size of the corner area overlays may use, pixels. The planner keeps every
// shelter out of it, so an overlay never hides a labelled shelter.
inline constexpr int kOverlayCornerWidthPx = 320;
inline constexpr int kOverlayCornerHeightPx = 160;

// The four corner areas of a width x height image, in pixels.
std::vector<Box> OverlayCorners(int width_px, int height_px);

void DrawViewerOverlays(const ImagingConditions& conditions, int width_px,
                        int height_px, Canvas& canvas);

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_VIEWER_OVERLAY_H_
