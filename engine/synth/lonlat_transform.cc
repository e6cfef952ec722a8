#include "lonlat_transform.h"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace campcount::synth {

LonLatTransform::LonLatTransform(LonLatTransform&&) noexcept = default;
LonLatTransform& LonLatTransform::operator=(LonLatTransform&&) noexcept =
    default;
LonLatTransform::~LonLatTransform() = default;

absl::StatusOr<LonLatTransform> LonLatTransform::Create(const CampSpec& spec) {
  OGRSpatialReference src, dst;
  if (src.importFromEPSG(spec.epsg) != OGRERR_NONE ||
      dst.importFromEPSG(4326) != OGRERR_NONE) {
    return absl::InternalError(
        absl::StrCat("cannot set up EPSG:", spec.epsg, " -> EPSG:4326"));
  }
  // GeoJSON is lon/lat whatever EPSG:4326's official axis order says.
  src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  LonLatTransform t;
  t.transform_.reset(OGRCreateCoordinateTransformation(&src, &dst));
  if (t.transform_ == nullptr) {
    return absl::InternalError(
        absl::StrCat("no transformation from EPSG:", spec.epsg));
  }
  t.origin_x_ = spec.origin_x;
  t.origin_y_ = spec.origin_y;
  return t;
}

absl::Status LonLatTransform::Apply(std::vector<Point2>& points) const {
  std::vector<double> xs, ys;
  for (const Point2& p : points) {
    xs.push_back(origin_x_ + p.x);
    ys.push_back(origin_y_ - p.y);
  }
  if (!points.empty() && !transform_->Transform(static_cast<int>(xs.size()),
                                                xs.data(), ys.data())) {
    return absl::InternalError("coordinate transformation failed");
  }
  for (size_t i = 0; i < points.size(); ++i) points[i] = {xs[i], ys[i]};
  return absl::OkStatus();
}

absl::StatusOr<std::string> LonLatTransform::Ring(
    const std::vector<Point2>& ring_m, double densify_m) const {
  std::vector<Point2> pts;
  for (size_t i = 0; i < ring_m.size(); ++i) {
    const Point2& a = ring_m[i];
    const Point2& b = ring_m[(i + 1) % ring_m.size()];
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    const int steps =
        densify_m > 0 ? std::max(1, static_cast<int>(len / densify_m)) : 1;
    for (int k = 0; k < steps; ++k) {
      const double f = static_cast<double>(k) / steps;
      pts.push_back({a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f});
    }
  }
  if (absl::Status s = Apply(pts); !s.ok()) return s;
  // RFC 7946: exterior rings counterclockwise (in lon/lat).
  double twice_area = 0;
  for (size_t i = 0; i < pts.size(); ++i) {
    const Point2& a = pts[i];
    const Point2& b = pts[(i + 1) % pts.size()];
    twice_area += a.x * b.y - b.x * a.y;
  }
  if (twice_area < 0) std::reverse(pts.begin(), pts.end());
  std::vector<std::string> coords;
  for (size_t i = 0; i <= pts.size(); ++i) {
    const Point2& p = pts[i % pts.size()];
    coords.push_back(absl::StrFormat("[%.8f, %.8f]", p.x, p.y));
  }
  return absl::StrCat("[", absl::StrJoin(coords, ", "), "]");
}

absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& text) {
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::remove(partial.c_str());
      return absl::PermissionDeniedError(absl::StrCat("cannot write ", path));
    }
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    std::remove(partial.c_str());
    return absl::PermissionDeniedError(
        absl::StrCat("cannot rename ", partial, " to ", path));
  }
  return absl::OkStatus();
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace campcount::synth
