// What lies between the ground and the delivered pixels: the blur of a
// sensor coarser than the delivered GSD (imagery upsampled from ~0.5-1 m),
// haze, low contrast, exposure and sensor grain.
#ifndef CAMPCOUNT_ENGINE_SYNTH_ATMOSPHERE_H_
#define CAMPCOUNT_ENGINE_SYNTH_ATMOSPHERE_H_

#include "camp_spec.h"
#include "canvas.h"

namespace campcount::synth {

// Gaussian sigma (delivered pixels) equivalent to upsampling from the
// sensor's resolution to `gsd`.
double BlurSigmaPx(const ImagingConditions& conditions, double gsd);

// Pixels the blur reaches: a window must be rendered with this much padding
// on every side to match a whole-image render.
int BlurReachPx(const ImagingConditions& conditions, double gsd);

// Blurs, veils and re-exposes the whole canvas in place. Only the canvas
// interior at least BlurReachPx from its edge is exact.
void ApplyAtmosphere(const ImagingConditions& conditions, double gsd,
                     Canvas& canvas);

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_ATMOSPHERE_H_
