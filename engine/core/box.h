// An axis-aligned box in scene pixels with the arithmetic NMS needs.
#ifndef CAMPCOUNT_ENGINE_CORE_BOX_H_
#define CAMPCOUNT_ENGINE_CORE_BOX_H_

#include <algorithm>

namespace campcount::core {

struct Box {
  double xmin = 0;
  double ymin = 0;
  double xmax = 0;
  double ymax = 0;

  double Width() const { return std::max(0.0, xmax - xmin); }
  double Height() const { return std::max(0.0, ymax - ymin); }
  double Area() const { return Width() * Height(); }
  double CenterX() const { return (xmin + xmax) / 2; }
  double CenterY() const { return (ymin + ymax) / 2; }
};

inline double IntersectionArea(const Box& a, const Box& b) {
  const double w = std::min(a.xmax, b.xmax) - std::max(a.xmin, b.xmin);
  const double h = std::min(a.ymax, b.ymax) - std::max(a.ymin, b.ymin);
  return w > 0 && h > 0 ? w * h : 0.0;
}

inline double IntersectionOverUnion(const Box& a, const Box& b) {
  const double inter = IntersectionArea(a, b);
  const double uni = a.Area() + b.Area() - inter;
  return uni > 0 ? inter / uni : 0.0;
}

}  // namespace campcount::core

#endif  // CAMPCOUNT_ENGINE_CORE_BOX_H_
