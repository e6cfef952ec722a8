#include "boundary.h"

#include <gtest/gtest.h>

namespace campcount::core {
namespace {

campcount::v1::PixelRing Ring(std::vector<std::pair<double, double>> points) {
  campcount::v1::PixelRing ring;
  for (auto [x, y] : points) {
    ring.add_x(x);
    ring.add_y(y);
  }
  return ring;
}

TEST(BoundaryTest, EmptyBoundaryContainsEverything) {
  google::protobuf::RepeatedPtrField<campcount::v1::PixelPolygon> none;
  Boundary boundary(none);
  EXPECT_TRUE(boundary.Contains(-5, 1e9));
  EXPECT_TRUE(boundary.MayIntersect({0, 0, 1, 1}));
}

TEST(BoundaryTest, ConcavePolygonWithHoleAndSecondPart) {
  google::protobuf::RepeatedPtrField<campcount::v1::PixelPolygon> parts;
  // An L shape with a square hole in its foot...
  auto* l_shape = parts.Add();
  *l_shape->add_rings() =
      Ring({{0, 0}, {100, 0}, {100, 40}, {40, 40}, {40, 100}, {0, 100}});
  *l_shape->add_rings() = Ring({{60, 10}, {80, 10}, {80, 30}, {60, 30}});
  // ...and a separate triangle.
  *parts.Add()->add_rings() = Ring({{200, 200}, {300, 200}, {200, 300}});
  Boundary boundary(parts);

  EXPECT_TRUE(boundary.Contains(20, 80));     // in the L's stem
  EXPECT_TRUE(boundary.Contains(90, 20));     // in the foot, beside the hole
  EXPECT_FALSE(boundary.Contains(70, 20));    // in the hole
  EXPECT_FALSE(boundary.Contains(70, 70));    // in the L's notch
  EXPECT_TRUE(boundary.Contains(220, 220));   // in the triangle
  EXPECT_FALSE(boundary.Contains(280, 280));  // beyond its hypotenuse
  EXPECT_FALSE(boundary.Contains(150, 150));  // between the parts

  EXPECT_TRUE(boundary.MayIntersect({90, 90, 110, 110}));
  EXPECT_FALSE(boundary.MayIntersect({120, 120, 180, 180}));
}

}  // namespace
}  // namespace campcount::core
