#include "test_camp_tile.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "opencv2/imgproc.hpp"

namespace campcount::plugins {
namespace {

constexpr double kPi = 3.14159265358979323846;

campcount::v1::Tile ToTile(const cv::Mat& rgb, double gsd_m) {
  campcount::v1::Tile tile;
  tile.set_index(0);
  tile.mutable_window()->set_width(rgb.cols);
  tile.mutable_window()->set_height(rgb.rows);
  tile.set_bands(3);
  tile.set_gsd_m(gsd_m);
  const cv::Mat continuous = rgb.isContinuous() ? rgb : rgb.clone();
  tile.set_pixels(reinterpret_cast<const char*>(continuous.data),
                  continuous.total() * 3);
  return tile;
}

void FillRotated(cv::Mat& image, const cv::RotatedRect& rect,
                 const cv::Scalar& colour) {
  cv::Point2f corners[4];
  rect.points(corners);
  std::vector<cv::Point> polygon;
  for (const cv::Point2f& corner : corners) {
    polygon.emplace_back(cvRound(corner.x), cvRound(corner.y));
  }
  cv::fillConvexPoly(image, polygon, colour, cv::LINE_8);
}

// Slow changes across the tile: brightness shared by all channels plus a
// weaker tint, as soil moisture and vegetation vary.
cv::Mat Ground(int size) {
  cv::Mat brightness(6, 6, CV_32F), tint(6, 6, CV_32FC3);
  cv::randn(brightness, 0, 12);
  cv::randn(tint, 0, 4);
  cv::resize(brightness, brightness, cv::Size(size, size), 0, 0,
             cv::INTER_CUBIC);
  cv::resize(tint, tint, cv::Size(size, size), 0, 0, cv::INTER_CUBIC);
  cv::Mat ground(size, size, CV_32FC3, cv::Scalar(165, 100, 70));
  cv::Mat shared;
  cv::merge(std::vector<cv::Mat>{brightness, brightness, brightness}, shared);
  ground += shared + tint;
  cv::Mat image;
  ground.convertTo(image, CV_8UC3);
  return image;
}

}  // namespace

CampTile MakeCampTile(const CampTileOptions& options) {
  std::mt19937 random(options.seed);
  cv::theRNG().state = options.seed;  // cv::randn draws from it.
  auto uniform = [&](double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(random);
  };
  const int size = options.size_px;
  const double to_px = 1 / options.gsd_m;
  cv::Mat image = Ground(size);
  cv::line(image, cv::Point(0, int(size * 0.3)),
           cv::Point(size, int(size * 0.45)), cv::Scalar(190, 150, 115),
           std::max(2, int(3 * to_px)));

  CampTile out;
  std::vector<std::pair<cv::Point2f, float>> placed;  // Centre, radius.
  auto free_at = [&](cv::Point2f centre, float radius) {
    if (centre.x < radius + 2 || centre.y < radius + 2 ||
        centre.x > size - radius - 2 || centre.y > size - radius - 2) {
      return false;
    }
    for (const auto& [other, other_radius] : placed) {
      if (cv::norm(centre - other) < radius + other_radius + 3) return false;
    }
    return true;
  };
  for (int i = 0, attempt = 0; i < options.buildings && attempt < 1000;
       ++attempt) {
    const cv::Size2f sides(float(uniform(10, 20) * to_px),
                           float(uniform(10, 20) * to_px));
    const float radius = std::hypot(sides.width, sides.height) / 2;
    const cv::Point2f centre(float(uniform(0, size)), float(uniform(0, size)));
    if (!free_at(centre, radius)) continue;
    placed.emplace_back(centre, radius);
    ++i;
    FillRotated(image, cv::RotatedRect(centre, sides, float(uniform(0, 90))),
                cv::Scalar(150, 162, 178));
  }

  auto draw_tent = [&](cv::Point2f centre, cv::Size2f sides, float angle) {
    // The shadow falls to the south-east, about a metre.
    const float shift = float(std::max(1.5, 1.0 * to_px));
    FillRotated(
        image,
        cv::RotatedRect(centre + cv::Point2f(shift, shift), sides, angle),
        cv::Scalar(70, 45, 35));
    const bool grey = uniform(0, 1) < 0.35;
    const double level = grey ? uniform(175, 205) : uniform(228, 250);
    const cv::RotatedRect roof(centre, sides, angle);
    FillRotated(image, roof, cv::Scalar(level, level, level + (grey ? 6 : 0)));
    out.tents.push_back(roof.boundingRect() & cv::Rect(0, 0, size, size));
  };
  if (options.rows) {
    // A grid of 8 x 10 m plots turned by a random angle, one tent each.
    const double angle = uniform(0, 90);
    const double c = std::cos(angle * kPi / 180),
                 s = std::sin(angle * kPi / 180);
    const double cell_x = 8 * to_px, cell_y = 10 * to_px;
    const int reach = int(size / std::min(cell_x, cell_y)) + 1;
    for (int row = -reach;
         row <= reach && int(out.tents.size()) < options.tents; ++row) {
      for (int column = -reach;
           column <= reach && int(out.tents.size()) < options.tents; ++column) {
        const double u = column * cell_x, v = row * cell_y;
        const cv::Point2f centre(float(size / 2 + u * c - v * s),
                                 float(size / 2 + u * s + v * c));
        const cv::Size2f sides(float(uniform(options.min_tent_m, 6.5) * to_px),
                               float(uniform(options.min_tent_m, 7) * to_px));
        const float radius = std::hypot(sides.width, sides.height) / 2 + 2;
        if (centre.x < radius || centre.y < radius ||
            centre.x > size - radius || centre.y > size - radius) {
          continue;
        }
        bool on_building = false;
        for (const auto& [other, other_radius] : placed) {
          on_building |= cv::norm(centre - other) < radius + other_radius;
        }
        if (on_building || uniform(0, 1) < 0.15) continue;  // Empty plots.
        draw_tent(centre, sides, float(angle + uniform(-4, 4)));
        placed.emplace_back(centre, radius);
      }
    }
  } else {
    for (int attempt = 0;
         int(out.tents.size()) < options.tents && attempt < 20000; ++attempt) {
      const cv::Size2f sides(
          float(uniform(options.min_tent_m, options.max_tent_m) * to_px),
          float(uniform(options.min_tent_m, options.max_tent_m) * to_px));
      const float radius = std::hypot(sides.width, sides.height) / 2 + 2;
      const cv::Point2f centre(float(uniform(0, size)),
                               float(uniform(0, size)));
      if (!free_at(centre, radius)) continue;
      placed.emplace_back(centre, radius);
      draw_tent(centre, sides, float(uniform(0, 180)));
    }
  }
  for (int tree = 0, attempt = 0; tree < options.trees && attempt < 20000;
       ++attempt) {
    const float radius = float(uniform(2, 5) * to_px);
    const cv::Point2f centre(float(uniform(0, size)), float(uniform(0, size)));
    if (!free_at(centre, radius)) continue;
    placed.emplace_back(centre, radius);
    ++tree;
    cv::circle(image, centre + cv::Point2f(radius / 3, radius / 3), int(radius),
               cv::Scalar(45, 35, 25), cv::FILLED);
    cv::circle(image, centre, int(radius), cv::Scalar(40, 72, 35), cv::FILLED);
  }

  // Haze, sensor noise, then the softness of imagery upsampled from ~0.5 m.
  cv::Mat noisy;
  image.convertTo(noisy, CV_32FC3);
  noisy = noisy * (1 - options.haze) + cv::Scalar(210, 205, 200) * options.haze;
  cv::Mat noise(image.size(), CV_32FC3);
  cv::randn(noise, 0, 6);
  noisy += noise;
  noisy.convertTo(image, CV_8UC3);
  cv::GaussianBlur(image, image, cv::Size(0, 0), 0.7 * 0.5 / options.gsd_m);
  out.tile = ToTile(image, options.gsd_m);
  return out;
}

campcount::v1::Tile MakeDarkTile(int size_px, double gsd_m, uint32_t seed) {
  cv::theRNG().state = seed;
  cv::Mat image(size_px, size_px, CV_8UC3, cv::Scalar(28, 24, 20));
  cv::Mat noise(image.size(), CV_16SC3);
  cv::randn(noise, 0, 4);
  cv::Mat noisy;
  image.convertTo(noisy, CV_16SC3);
  noisy += noise;
  noisy.convertTo(image, CV_8UC3);
  return ToTile(image, gsd_m);
}

double IoU(const cv::Rect& a, const cv::Rect& b) {
  const double intersection = (a & b).area();
  const double union_area = a.area() + b.area() - intersection;
  return union_area > 0 ? intersection / union_area : 0;
}

}  // namespace campcount::plugins
