#include "dataset_writer.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "camp_plan.h"
#include "census.h"
#include "labels_geojson.h"
#include "lonlat_transform.h"
#include "scene_geotiff.h"
#include "scene_renderer.h"

namespace campcount::synth {
namespace {

namespace fs = std::filesystem;

struct ImageResult {
  std::string id, path, labels, date;
  CampPopulation truth;
};

struct CampResult {
  CampSpec spec;
  std::string boundary;
  std::vector<ImageResult> images;
  std::vector<SurveyRow> census;
  absl::Status status;
};

absl::Status ValidateOptions(const DatasetOptions& o) {
  if (o.camps < 1 || o.camps > kMaxCamps) {
    return absl::InvalidArgumentError(
        absl::StrCat("--camps must lie in 1..", kMaxCamps, ", got ", o.camps));
  }
  if (o.dates < 1 || o.dates > kMaxDates) {
    return absl::InvalidArgumentError(
        absl::StrCat("--dates must lie in 1..", kMaxDates, ", got ", o.dates));
  }
  if (o.out_dir.empty()) {
    return absl::InvalidArgumentError("the output directory is empty");
  }
  if (o.threads < 0) {
    return absl::InvalidArgumentError("threads must not be negative");
  }
  return absl::OkStatus();
}

// Creates DIR and proves it writable, before any work is done.
absl::Status PrepareDirectory(const fs::path& dir) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error || !fs::is_directory(dir)) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot create the output directory ", dir.string(), ": ",
                     error ? error.message() : "not a directory"));
  }
  if (access(dir.c_str(), W_OK) != 0) {
    return absl::PermissionDeniedError(absl::StrCat(
        "the output directory ", dir.string(), " is not writable"));
  }
  fs::remove(dir / "dataset.json", error);
  if (error) {
    return absl::PermissionDeniedError(
        absl::StrCat("cannot remove the old ", (dir / "dataset.json").string(),
                     ": ", error.message()));
  }
  return absl::OkStatus();
}

absl::Status WriteCamp(const DatasetOptions& o, const fs::path& dir, int index,
                       CampResult& result,
                       const std::function<void()>& image_done) {
  absl::StatusOr<CampSpec> spec = MakeCampSpec(o.seed, index, o.dates);
  if (!spec.ok()) return spec.status();
  result.spec = *spec;
  absl::StatusOr<CampPlan> plan = PlanCamp(*spec, o.occupancy);
  if (!plan.ok()) return plan.status();
  absl::StatusOr<LonLatTransform> transform = LonLatTransform::Create(*spec);
  if (!transform.ok()) return transform.status();

  const std::string rel_dir = absl::StrCat("camps/", spec->site_id);
  std::error_code error;
  fs::create_directories(dir / rel_dir, error);
  if (error) {
    return absl::PermissionDeniedError(absl::StrCat(
        "cannot create ", (dir / rel_dir).string(), ": ", error.message()));
  }
  result.boundary = rel_dir + "/boundary.geojson";
  absl::StatusOr<std::string> boundary = BoundaryGeoJson(*plan, *transform);
  if (!boundary.ok()) return boundary.status();
  if (absl::Status s =
          WriteFileAtomically((dir / result.boundary).string(), *boundary);
      !s.ok()) {
    return s;
  }
  for (int d = 0; d < static_cast<int>(spec->images.size()); ++d) {
    absl::StatusOr<SceneRenderer> renderer = SceneRenderer::Create(*plan, d);
    if (!renderer.ok()) return renderer.status();
    ImageResult image;
    image.date = spec->images[d].date;
    image.id = absl::StrCat(spec->site_id, "_", image.date);
    image.path = absl::StrCat(rel_dir, "/", image.date, ".tif");
    image.labels = absl::StrCat(rel_dir, "/", image.date, ".labels.geojson");
    if (absl::Status s =
            WriteSceneGeoTiff(*renderer, *spec, (dir / image.path).string());
        !s.ok()) {
      return s;
    }
    absl::StatusOr<std::string> labels =
        LabelsGeoJson(*plan, d, renderer->standing(), *transform);
    if (!labels.ok()) return labels.status();
    if (absl::Status s =
            WriteFileAtomically((dir / image.labels).string(), *labels);
        !s.ok()) {
      return s;
    }
    image.truth =
        PopulationOn(plan->shelters, plan->occupancy, plan->no_shelter_share,
                     spec->plan_seed, spec->images[d].day);
    result.images.push_back(std::move(image));
    image_done();
  }
  result.census = MakeCensus(*plan);
  return absl::OkStatus();
}

std::string ManifestJson(const DatasetOptions& o,
                         const std::vector<CampResult>& camps) {
  const OccupancyModel& m = o.occupancy;
  std::string out = absl::StrFormat(
      "{\n  \"format\": \"%s\",\n  \"synthetic\": true,\n"
      "  \"generator\": {\"program\": \"campcount synth\", \"version\": "
      "\"%s\",\n    \"seed\": %d, \"camps\": %d, \"dates\": %d,\n"
      "    \"occupancy\": {\"people_per_tent_mean\": %.2f, "
      "\"people_per_tent_sd\": %.2f, \"tent_reference_area_m2\": %.1f, "
      "\"area_elasticity\": %.2f,\n      \"people_per_makeshift_mean\": %.2f, "
      "\"people_per_makeshift_sd\": %.2f, "
      "\"no_shelter_household_share_mean\": %.3f, "
      "\"no_shelter_household_share_sd\": %.3f,\n"
      "      \"no_shelter_share_wobble_sd\": %.3f, "
      "\"people_per_no_shelter_household\": %.2f}},\n"
      "  \"census_csv\": \"census.csv\",\n  \"camps\": [",
      kDatasetFormat, kGeneratorVersion, o.seed, o.camps, o.dates,
      m.people_per_tent_mean, m.people_per_tent_sd, m.tent_reference_area_m2,
      m.area_elasticity, m.people_per_makeshift_mean, m.people_per_makeshift_sd,
      m.no_shelter_household_share_mean, m.no_shelter_household_share_sd,
      m.no_shelter_share_wobble_sd, m.people_per_no_shelter_household);
  for (size_t i = 0; i < camps.size(); ++i) {
    const CampResult& c = camps[i];
    const CampSpec& s = c.spec;
    absl::StrAppendFormat(
        &out,
        "%s\n    {\"id\": %s, \"name\": %s, \"state\": %s, \"lga\": %s, "
        "\"ward\": %s,\n     \"latitude\": %.5f, \"longitude\": %.5f, "
        "\"trend\": \"%s\",\n     \"boundary\": %s,\n     \"images\": [",
        i == 0 ? "" : ",", JsonString(s.site_id), JsonString(s.name),
        JsonString(s.state), JsonString(s.lga), JsonString(s.ward), s.latitude,
        s.longitude, TrendName(s.trend), JsonString(c.boundary));
    for (size_t k = 0; k < c.images.size(); ++k) {
      const ImageResult& im = c.images[k];
      absl::StrAppendFormat(
          &out,
          "%s\n       {\"id\": %s, \"path\": %s, \"date\": \"%s\", \"gsd_m\": "
          "%.2f, \"epsg\": %d,\n        \"width_px\": %d, \"height_px\": %d, "
          "\"labels\": %s,\n        \"truth\": {\"tents\": %d, \"makeshift\": "
          "%d, \"buildings\": %d, \"total_tent_area_m2\": %.1f, "
          "\"households\": %d, \"population\": %d}}",
          k == 0 ? "" : ",", JsonString(im.id), JsonString(im.path), im.date,
          s.gsd_m, s.epsg, s.width_px, s.height_px, JsonString(im.labels),
          im.truth.tents, im.truth.makeshift, im.truth.buildings,
          im.truth.total_tent_area_m2, im.truth.households,
          im.truth.individuals);
    }
    out += "]}";
  }
  out += "\n  ]\n}\n";
  return out;
}

}  // namespace

absl::StatusOr<DatasetSummary> WriteDataset(const DatasetOptions& o) {
  if (absl::Status s = ValidateOptions(o); !s.ok()) return s;
  const fs::path dir = fs::absolute(o.out_dir).lexically_normal();
  if (absl::Status s = PrepareDirectory(dir); !s.ok()) return s;

  std::vector<CampResult> camps(o.camps);
  const int total_images = o.camps * o.dates;
  int threads = o.threads > 0
                    ? o.threads
                    : static_cast<int>(std::clamp(
                          std::thread::hardware_concurrency(), 1u, 4u));
  threads = std::min(threads, o.camps);
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  std::mutex progress_mutex;
  int done = 0;
  auto image_done = [&] {
    std::lock_guard<std::mutex> lock(progress_mutex);
    ++done;
    if (o.progress) o.progress(done, total_images);
  };
  auto worker = [&] {
    for (int i = next++; i < o.camps && !failed; i = next++) {
      camps[i].status = WriteCamp(o, dir, i, camps[i], image_done);
      if (!camps[i].status.ok()) failed = true;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  for (const CampResult& c : camps) {
    if (!c.status.ok()) return c.status;
  }

  DatasetSummary summary;
  summary.camps = o.camps;
  std::string csv = CensusCsvHeader();
  for (const CampResult& c : camps) {
    csv += CensusCsvLines(c.spec, c.census);
    summary.surveys += static_cast<int64_t>(c.census.size());
    for (const ImageResult& im : c.images) {
      ++summary.images;
      summary.tents += im.truth.tents;
    }
  }
  if (absl::Status s = WriteFileAtomically((dir / "census.csv").string(), csv);
      !s.ok()) {
    return s;
  }
  summary.manifest_path = (dir / "dataset.json").string();
  if (absl::Status s =
          WriteFileAtomically(summary.manifest_path, ManifestJson(o, camps));
      !s.ok()) {
    return s;
  }
  return summary;
}

}  // namespace campcount::synth
