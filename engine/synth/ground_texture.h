// The ground under a camp: reddish-brown laterite, patchy at tens of metres
// and grainy at a metre, greener in the rainy season, with lighter, smoother
// dirt tracks and thin fences.
#ifndef CAMPCOUNT_ENGINE_SYNTH_GROUND_TEXTURE_H_
#define CAMPCOUNT_ENGINE_SYNTH_GROUND_TEXTURE_H_

#include <cstdint>
#include <vector>

#include "canvas.h"
#include "scene_objects.h"

namespace campcount::synth {

// Fills the whole canvas. `seed` is the camp's (the soil does not change
// between dates); `greenness` the date's (0 dry .. 1 rainy season).
void PaintGround(uint64_t seed, double greenness, Canvas& canvas);

void DrawTracks(const std::vector<Track>& tracks, Canvas& canvas);

void DrawFences(const std::vector<Fence>& fences, Canvas& canvas);

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_GROUND_TEXTURE_H_
