// Smooth value noise keyed to absolute image coordinates, so a texture is
// identical whichever window of the image is rendered.
#ifndef CAMPCOUNT_ENGINE_SYNTH_VALUE_NOISE_H_
#define CAMPCOUNT_ENGINE_SYNTH_VALUE_NOISE_H_

#include <cstdint>

namespace campcount::synth {

// Noise in [0, 1) on a lattice of `cell` units, at point (u, v).
double ValueNoise(uint64_t seed, double cell, double u, double v);

// ValueNoise along one image row y for x = x0 .. x0 + n - 1 (pixel centres),
// recomputing the lattice only when the cell changes: cheap per pixel.
void NoiseRow(uint64_t seed, double cell_px, int64_t y, int64_t x0, int n,
              float* out);

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_VALUE_NOISE_H_
