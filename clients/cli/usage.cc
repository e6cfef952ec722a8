#include "usage.h"

namespace campcount::cli {
namespace {

constexpr char kOverview[] =
    R"(campcount estimates how many people live in a camp from a satellite image.

Usage:
  campcount <command> [flags]

Commands:
  estimate   count shelters in an image and estimate the population
  plugins    list the plugins the engine loaded, and the files it refused
  demo       generate a synthetic camp with known tents and estimate it
  synth      write a synthetic dataset: camps on several dates, labels,
             boundaries, census, dataset.json
  help       show help for a command: campcount help estimate

Without --server, each command starts an engine inside the campcount process
(plugins from --plugin-dir, $CAMPCOUNT_PLUGIN_PATH or lib/campcount/plugins
beside the program). With --server HOST:PORT it talks to a running campcountd.

Exit status: 0 success, 1 the engine or a file reported an error,
2 the command line is wrong.
)";

constexpr char kEstimate[] = R"(Usage:
  campcount estimate --image FILE [flags]

Counts shelters in the image with a detector, then turns the count into a
population with one or more estimators, each explaining its numbers.

Flags:
  --image FILE           GeoTIFF (or any GDAL raster / URI) of the camp
  --boundary FILE        camp boundary as GeoJSON (lon/lat unless it names a
                         CRS); default: the whole image is the camp
  --camp-id ID           your identifier for the camp, echoed in the result
  --source NAME          source plugin (default: the engine's, geotiff)
  --detector NAME        detector plugin (default: the engine's)
  --model NAME           the detector's model (faster_rcnn: a model in its
                         repository; default: its default model)
  --model-version V      that model's version (default: the latest)
  --estimator NAME       estimator plugin; repeat to compare several
  --threshold P          minimum detector score (0-1) for a box to count as a
                         shelter; default 0.5. A choice to make with the
                         people who plan supplies: lower finds more shelters
                         and more false ones
  --target-date DATE     YYYY-MM-DD the estimate is for (default: image date)
  --detections           also list every detection
  --json                 print the result as one JSON object
  --server HOST:PORT     use a running campcountd
  --plugin-dir DIR       plugin directory of the in-process engine
                         (repeatable)

Example:
  campcount estimate --image camp.tif --boundary camp.geojson \
      --estimator shelter_count --threshold 0.6
)";

constexpr char kPlugins[] = R"(Usage:
  campcount plugins [--json] [--server HOST:PORT] [--plugin-dir DIR ...]

Lists the loaded plugins (kind, name, version, file and the start of its
SHA-256) and every file in the plugin directories that was refused, with
the reason.
)";

constexpr char kDemo[] = R"(Usage:
  campcount demo [--out DIR] [--seed S] [--tents N] [--json]
                 [--server HOST:PORT] [--plugin-dir DIR ...]

Writes a synthetic camp image (GeoTIFF, near Maiduguri, 0.5 m/px) with a
known number of tents, its ground truth (JSON) and a boundary (GeoJSON),
estimates it with the engine's default plugins and prints the count next to
the truth. The image is synthetic: a way to see the tool work, not a measure
of accuracy on real imagery.

Flags:
  --out DIR      where to write (default ./campcount-demo, or a temporary
                 directory when that is not writable)
  --seed S       random seed; the same seed gives the same camp (default 1)
  --tents N      tents to place (default 150)
  --json         print the result as one JSON object
)";

constexpr char kSynth[] = R"(Usage:
  campcount synth --out DIR [--camps N] [--seed S] [--dates K] [--threads T]

Writes a synthetic dataset of camps in north-east Nigeria: for each camp,
GeoTIFFs on K dates (UTM 33N, 0.3-0.6 m/px, the camp growing or shrinking),
a GeoJSON of every shelter in each image, the camp boundary, and one census
CSV of monthly survey rounds; DIR/dataset.json lists them all and is written
last. The same seed gives the same dataset. Layout: docs/synthetic-data.md.

Flags:
  --out DIR      where to write (created if missing; required)
  --camps N      camps to generate, 1-999 (default 20)
  --seed S       random seed (default 1)
  --dates K      images per camp, 1-24 (default 3)
  --threads T    rendering threads; 0 = one per core, up to 4 (default 0)
)";

}  // namespace

bool IsCommand(const std::string& name) {
  return name == "estimate" || name == "plugins" || name == "demo" ||
         name == "synth" || name == "help";
}

std::string UsageText(const std::string& command) {
  if (command == "estimate") return kEstimate;
  if (command == "plugins") return kPlugins;
  if (command == "demo") return kDemo;
  if (command == "synth") return kSynth;
  return kOverview;
}

}  // namespace campcount::cli
