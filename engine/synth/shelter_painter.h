// Draws shelters, buildings and trees from above, with the shadows the sun
// of the date casts: the part of the image a detector must learn.
#ifndef CAMPCOUNT_ENGINE_SYNTH_SHELTER_PAINTER_H_
#define CAMPCOUNT_ENGINE_SYNTH_SHELTER_PAINTER_H_

#include <vector>

#include "canvas.h"
#include "scene_objects.h"

namespace campcount::synth {

struct SunLight {
  // Unit vector (image metres, y south) in which shadows fall.
  double shadow_ux = 0, shadow_uy = 1;
  // Shadow length per metre of height.
  double shadow_per_height = 0.6;
  // Fraction of light a shadow keeps (deeper in clear air).
  double shadow_keep = 0.5;
};

SunLight SunFor(double azimuth_deg, double elevation_deg, double haze);

// Darkens the ground under every shadow. Shadows go first so that a shadow
// never falls over a footprint: the truth stays "what you see".
void DrawShadows(const std::vector<const Shelter*>& shelters,
                 const std::vector<const Tree*>& trees, const SunLight& sun,
                 Canvas& canvas);

void DrawShelters(const std::vector<const Shelter*>& shelters,
                  const SunLight& sun, Canvas& canvas);

void DrawTrees(const std::vector<const Tree*>& trees, const SunLight& sun,
               Canvas& canvas);

// Everything of the object that can leave ink (footprint or crown plus
// shadow), in plan metres: what a window must consider.
Box InkBounds(const Shelter& s, const SunLight& sun);
Box InkBounds(const Tree& t, const SunLight& sun);

}  // namespace campcount::synth

#endif  // CAMPCOUNT_ENGINE_SYNTH_SHELTER_PAINTER_H_
