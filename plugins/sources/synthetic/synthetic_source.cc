#include "synthetic_source.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cstring>
#include <mutex>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "camp_boundary.h"
#include "camp_plan.h"
#include "camp_spec.h"
#include "campcount/plugin_settings.h"
#include "dataset_writer.h"
#include "labels_geojson.h"
#include "lonlat_transform.h"
#include "scene_renderer.h"
#include "synthetic_uri.h"

namespace campcount::plugins {

using campcount::v1::PixelWindow;

struct SyntheticSource::OpenCamp {
  std::string uri;
  synth::CampPlan plan;
  // Points into `plan`: an OpenCamp never moves once made.
  std::unique_ptr<synth::SceneRenderer> renderer;
};

namespace {

// Larger windows are a caller's bug, not a tile.
constexpr int64_t kMaxTilePixels = int64_t{8192} * 8192;

std::string Describe(const PixelWindow& w) {
  return absl::StrFormat("x=%d y=%d width=%d height=%d", w.x(), w.y(),
                         w.width(), w.height());
}

absl::StatusOr<int> DateIndex(const SyntheticUri& u,
                              const synth::CampSpec& spec,
                              const std::string& uri) {
  const int n = static_cast<int>(spec.images.size());
  if (u.date_index >= 0) {
    if (u.date_index >= n) {
      return absl::NotFoundError(absl::StrCat(
          "synthetic scene URI '", uri, "': camp ", spec.site_id, " has ", n,
          " dates (0..", n - 1, "), not ", u.date_index));
    }
    return u.date_index;
  }
  std::string dates;
  for (int i = 0; i < n; ++i) {
    if (spec.images[i].date == u.date) return i;
    absl::StrAppend(&dates, i ? ", " : "", spec.images[i].date);
  }
  return absl::NotFoundError(
      absl::StrCat("synthetic scene URI '", uri, "': camp ", spec.site_id,
                   " has no image on ", u.date, "; its dates are ", dates));
}

}  // namespace

campcount::v1::PluginManifest SyntheticSource::Manifest() {
  campcount::v1::PluginManifest manifest;
  manifest.set_name(kName);
  manifest.set_version(kVersion);
  manifest.set_description(
      "Renders synthetic camps on demand, tile by tile: the same scenes "
      "`campcount synth` writes as GeoTIFFs. URI: "
      "synthetic:seed=S&camp=N&date=D[&dates=K][&boundary=camp].");
  return manifest;
}

absl::StatusOr<std::unique_ptr<SyntheticSource>> SyntheticSource::Create(
    const campcount::v1::PluginConfig& config) {
  absl::StatusOr<campcount::sdk::PluginSettings> settings =
      campcount::sdk::PluginSettings::Make(Manifest(), config);
  if (!settings.ok()) return settings.status();
  // GeoJSON boundaries are read with GDAL's OGR drivers.
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
  return std::unique_ptr<SyntheticSource>(new SyntheticSource());
}

absl::StatusOr<campcount::v1::Scene> SyntheticSource::OpenScene(
    const campcount::v1::OpenSceneRequest& request,
    const campcount::sdk::CallContext& context) {
  const std::string& uri = request.uri();
  absl::StatusOr<SyntheticUri> parsed = ParseSyntheticUri(uri);
  if (!parsed.ok()) return parsed.status();
  if (context.IsCancelled()) {
    return absl::CancelledError(absl::StrCat("opening '", uri, "' cancelled"));
  }
  absl::StatusOr<synth::CampSpec> spec =
      synth::MakeCampSpec(parsed->seed, parsed->camp_index, parsed->dates);
  if (!spec.ok()) return spec.status();
  absl::StatusOr<int> date = DateIndex(*parsed, *spec, uri);
  if (!date.ok()) return date.status();

  auto camp = std::make_shared<OpenCamp>();
  camp->uri = uri;
  absl::StatusOr<synth::CampPlan> plan = synth::PlanCamp(*spec);
  if (!plan.ok()) return plan.status();
  camp->plan = *std::move(plan);
  absl::StatusOr<synth::SceneRenderer> renderer =
      synth::SceneRenderer::Create(camp->plan, *date);
  if (!renderer.ok()) return renderer.status();
  camp->renderer = std::make_unique<synth::SceneRenderer>(*std::move(renderer));

  const synth::CampSpec& s = camp->plan.spec;
  const double gsd = s.gsd_m;
  OGRSpatialReference srs;
  if (srs.importFromEPSG(s.epsg) != OGRERR_NONE) {
    return absl::InternalError(absl::StrCat("EPSG:", s.epsg, " is unknown"));
  }
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const GeoTransform transform = {s.origin_x, gsd, 0.0, s.origin_y, 0.0, -gsd};

  campcount::v1::Scene scene;
  scene.set_uri(uri);
  {
    char* wkt = nullptr;
    const char* const kOptions[] = {"FORMAT=WKT2_2019", nullptr};
    if (srs.exportToWkt(&wkt, kOptions) == OGRERR_NONE && wkt != nullptr) {
      scene.set_crs_wkt(wkt);
    }
    CPLFree(wkt);
  }
  scene.set_epsg(s.epsg);
  for (double c : transform) scene.mutable_geotransform()->add_coefficients(c);
  scene.set_gsd_m(gsd);
  scene.set_width(s.width_px);
  scene.set_height(s.height_px);
  scene.set_bands(3);
  scene.set_acquisition_date(s.images[*date].date);
  scene.set_provenance(absl::StrFormat(
      "synthetic camp %s '%s' (seed %d, date %d of %d), rendered on demand by "
      "the campcount synth %s generator; not real imagery",
      s.site_id, s.name, s.dataset_seed, *date + 1, s.images.size(),
      synth::kGeneratorVersion));

  std::string boundary_geojson = request.boundary_geojson();
  if (absl::StripAsciiWhitespace(boundary_geojson).empty() &&
      parsed->camp_boundary) {
    absl::StatusOr<synth::LonLatTransform> to_lonlat =
        synth::LonLatTransform::Create(s);
    if (!to_lonlat.ok()) return to_lonlat.status();
    absl::StatusOr<std::string> own =
        synth::BoundaryGeoJson(camp->plan, *to_lonlat);
    if (!own.ok()) return own.status();
    boundary_geojson = *own;
  }
  if (absl::StripAsciiWhitespace(boundary_geojson).empty()) {
    PixelWindow* aoi = scene.mutable_area_of_interest();
    aoi->set_width(s.width_px);
    aoi->set_height(s.height_px);
    scene.set_area_m2(double(s.width_px) * double(s.height_px) * gsd * gsd);
  } else {
    RasterFrame frame{uri, &srs, transform, s.width_px, s.height_px};
    absl::StatusOr<PixelBoundary> boundary =
        MapBoundaryToPixels(boundary_geojson, frame);
    if (!boundary.ok()) return boundary.status();
    for (auto& part : boundary->parts) *scene.add_boundary() = std::move(part);
    *scene.mutable_area_of_interest() = boundary->area_of_interest;
    scene.set_area_m2(boundary->area_px * gsd * gsd);
  }

  const uint64_t handle = next_handle_.fetch_add(1);
  scene.set_handle(handle);
  std::lock_guard<std::mutex> lock(mutex_);
  scenes_.emplace(handle, std::move(camp));
  return scene;
}

absl::StatusOr<campcount::v1::Tile> SyntheticSource::ReadTile(
    const campcount::v1::ReadTileRequest& request,
    const campcount::sdk::CallContext& context) {
  if (context.IsCancelled()) return absl::CancelledError("read cancelled");
  absl::StatusOr<std::shared_ptr<const OpenCamp>> found =
      Find(request.scene_handle());
  if (!found.ok()) return found.status();
  const OpenCamp& camp = **found;
  const synth::SceneRenderer& r = *camp.renderer;
  const PixelWindow& window = request.window();
  const int64_t width = r.width_px(), height = r.height_px();
  // Written so that no sum can overflow on hostile values.
  if (window.width() <= 0 || window.height() <= 0 || window.x() < 0 ||
      window.y() < 0 || window.x() >= width || window.y() >= height ||
      window.width() > width - window.x() ||
      window.height() > height - window.y()) {
    return absl::OutOfRangeError(
        absl::StrFormat("window %s is not inside image '%s' (%d x %d pixels)",
                        Describe(window), camp.uri, width, height));
  }
  if (window.width() * window.height() > kMaxTilePixels) {
    return absl::OutOfRangeError(absl::StrFormat(
        "window %s of image '%s' is larger than a tile may be (%d pixels)",
        Describe(window), camp.uri, kMaxTilePixels));
  }
  absl::StatusOr<cv::Mat> rgb =
      r.Render(window.x(), window.y(), static_cast<int>(window.width()),
               static_cast<int>(window.height()));
  if (!rgb.ok()) return rgb.status();
  campcount::v1::Tile tile;
  *tile.mutable_window() = window;
  tile.set_bands(3);
  tile.set_gsd_m(r.gsd_m());
  // Pixel-interleaved 8-bit RGBRGB..., as the geotiff source delivers.
  std::string* pixels = tile.mutable_pixels();
  const size_t row_bytes = size_t(window.width()) * 3;
  pixels->resize(row_bytes * size_t(window.height()));
  for (int y = 0; y < rgb->rows; ++y) {
    std::memcpy(pixels->data() + row_bytes * y, rgb->ptr<uint8_t>(y),
                row_bytes);
  }
  return tile;
}

absl::Status SyntheticSource::CloseScene(
    const campcount::v1::CloseSceneRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (scenes_.erase(request.scene_handle()) == 0) {
    return absl::NotFoundError(
        absl::StrCat("scene handle ", request.scene_handle(),
                     " is not open in source 'synthetic' (never opened, or "
                     "already closed)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const SyntheticSource::OpenCamp>>
SyntheticSource::Find(uint64_t handle) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = scenes_.find(handle);
  if (it == scenes_.end()) {
    return absl::NotFoundError(
        absl::StrCat("scene handle ", handle,
                     " is not open in source 'synthetic' (never opened, or "
                     "already closed)"));
  }
  return it->second;
}

}  // namespace campcount::plugins
