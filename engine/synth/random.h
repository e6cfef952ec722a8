// Deterministic randomness for the synthetic camp generator.
//
// Everything the generator draws comes from a seed through these functions,
// so a (seed, camp, date) triple always gives the same camp, the same pixels
// and the same census, on any machine and in any rendering order.
#ifndef CAMPCOUNT_ENGINE_SYNTH_RANDOM_H_
#define CAMPCOUNT_ENGINE_SYNTH_RANDOM_H_

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace campcount::synth {

// SplitMix64 finaliser: a strong 64-bit mix used to derive sub-seeds.
inline uint64_t Mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A seed for one named part of the generator (the salt), so adding draws to
// one part never shifts the draws of another.
inline uint64_t SubSeed(uint64_t seed, uint64_t salt, uint64_t index = 0) {
  return Mix(Mix(seed ^ Mix(salt)) ^ Mix(index + 0x51ed27ULL));
}

// A value in [0, 1) that depends only on its arguments: per-pixel texture
// is the same whichever window renders the pixel.
inline double Hash01(uint64_t seed, int64_t x, int64_t y) {
  const uint64_t h =
      Mix(seed ^ Mix(static_cast<uint64_t>(x) ^ Mix(static_cast<uint64_t>(y))));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

// mt19937_64 is specified exactly by the standard, unlike the standard
// distributions, so every draw below is computed by hand.
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed ^ 0x6a09e667f3bcc909ULL) {}
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // Inclusive on both ends.
  int UniformInt(int lo, int hi) {
    return lo +
           static_cast<int>(engine_() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(double p) { return Uniform() < p; }
  // Box-Muller; one value per call keeps the sequence easy to reason about.
  double Normal(double mean, double sd) {
    const double u1 = std::max(Uniform(), 1e-300);
    const double u2 = Uniform();
    return mean + sd * std::sqrt(-2.0 * std::log(u1)) *
                      std::cos(2.0 * std::numbers::pi * u2);
  }
  // exp(Uniform(log lo, log hi)): for sizes that span an order of magnitude.
  double LogUniform(double lo, double hi) {
    return std::exp(Uniform(std::log(lo), std::log(hi)));
  }
  uint64_t Next() { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_RANDOM_H_
