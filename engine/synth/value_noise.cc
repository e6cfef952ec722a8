#include "value_noise.h"

#include <climits>
#include <cmath>

#include "random.h"

namespace campcount::synth {

double ValueNoise(uint64_t seed, double cell, double u, double v) {
  u /= cell;
  v /= cell;
  const double fu = std::floor(u), fv = std::floor(v);
  const auto x0 = static_cast<int64_t>(fu), y0 = static_cast<int64_t>(fv);
  double tx = u - fu, ty = v - fv;
  tx = tx * tx * (3 - 2 * tx);
  ty = ty * ty * (3 - 2 * ty);
  const double a = Hash01(seed, x0, y0);
  const double b = Hash01(seed, x0 + 1, y0);
  const double c = Hash01(seed, x0, y0 + 1);
  const double d = Hash01(seed, x0 + 1, y0 + 1);
  const double top = a + (b - a) * tx;
  return top + ((c + (d - c) * tx) - top) * ty;
}

void NoiseRow(uint64_t seed, double cell_px, int64_t y, int64_t x0, int n,
              float* out) {
  const double v = (static_cast<double>(y) + 0.5) / cell_px;
  const double fv = std::floor(v);
  const auto ly = static_cast<int64_t>(fv);
  double ty = v - fv;
  ty = ty * ty * (3 - 2 * ty);
  int64_t cached = INT64_MIN;
  double top = 0, bottom = 0, top1 = 0, bottom1 = 0;
  for (int i = 0; i < n; ++i) {
    const double u = (static_cast<double>(x0 + i) + 0.5) / cell_px;
    const double fu = std::floor(u);
    const auto lx = static_cast<int64_t>(fu);
    if (lx != cached) {
      cached = lx;
      top = Hash01(seed, lx, ly);
      top1 = Hash01(seed, lx + 1, ly);
      bottom = Hash01(seed, lx, ly + 1);
      bottom1 = Hash01(seed, lx + 1, ly + 1);
    }
    double tx = u - fu;
    tx = tx * tx * (3 - 2 * tx);
    const double a = top + (top1 - top) * tx;
    const double b = bottom + (bottom1 - bottom) * tx;
    out[i] = static_cast<float>(a + (b - a) * ty);
  }
}

}  // namespace campcount::synth
