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
  history    list recorded estimates, or show one: campcount history ID
  report     write the HTML report of a recorded estimate again
  evaluate   measure a detector on labelled images (precision, recall, AP)
  calibrate  fit an estimator on a dataset's census, write the artifact
  compare    judge DETECTOR:ESTIMATOR pipelines on a dataset (leave-one-camp-out)
  needs      water, toilets, food, ... from a population or a camp's census
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
  --challenger NAME      shadow mode: run this estimator too on the same
                         detections and record it beside the answer, without
                         replacing it
  --calibration-version V  the fitted estimators' calibration version
                         (default: the latest in the model repository)
  --census FILE          census CSV of the camp: census_trend projects its
                         surveys; the fitted estimators warn of a possible
                         shelter shortage when it sits above their interval
  --threshold P          minimum detector score (0-1) for a box to count as a
                         shelter; default 0.5. A choice to make with the
                         people who plan supplies: lower finds more shelters
                         and more false ones
  --target-date DATE     YYYY-MM-DD the estimate is for (default: image date)
  --dataset DIR          instead of --image: a dataset (DIR/dataset.json);
                         with --camp-id and --target-date the engine takes
                         the camp's image taken closest before that date and
                         its boundary, and reports the gap in days
  --gsd M                resample to M metres per pixel (default: the
                         detector's preferred GSD, else the image's own)
  --margin M             also read M metres around the boundary (default:
                         the source's setting, 0)
  --stretch, --no-stretch  per-band 2-98 % contrast stretch on / off
                         (default: the source's setting, off)
  --detections           also list every detection
  --json                 print the result as one JSON object
  --geojson FILE         write every detection (kept and dropped, score,
                         area m²) as GeoJSON in lon/lat (EPSG:4326)
  --overlay FILE.png     write the image with the detections drawn on it
  --report FILE.html     write a one-page offline report: number, range
                         chart, image, explanation, versions
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
  --geojson FILE, --overlay FILE.png, --report FILE.html
                 as for campcount estimate
)";

constexpr char kHistory[] = R"(Usage:
  campcount history [--camp ID] [--from DATE] [--to DATE] [--limit N] [--json]
  campcount history ID [--json]
                 [--server HOST:PORT] [--plugin-dir DIR ...]

Every estimate is recorded by the engine (campcountd --records FILE; the
in-process engine uses $CAMPCOUNT_RECORDS, else
~/.local/state/campcount/records.sqlite). Without an ID, lists the records,
newest first, optionally of one camp and for dates (YYYY-MM-DD, inclusive)
in a range; "incomplete" means the estimate was still running or the engine
stopped before it finished. With an ID, shows that estimate in full.
)";

constexpr char kReport[] = R"(Usage:
  campcount report ID --out FILE.html [--geojson FILE] [--overlay FILE.png]
                 [--server HOST:PORT] [--plugin-dir DIR ...]

Writes the HTML report (and, if asked, the GeoJSON and overlay) of recorded
estimate ID again, from the record. The image is read from where it was when
the estimate ran; if it has moved, the page says so and leaves it out.
)";

constexpr char kEvaluate[] = R"(Usage:
  campcount evaluate --dataset DIR/dataset.json [flags]
  campcount evaluate --images TILE_DIR --labels LABEL_DIR --gsd M [flags]

Runs a detector through the engine on labelled images and measures it
against the labels: precision, recall, F1 and average precision (AP) at
IoU 0.5, per camp and overall, and the sentence "found X of Y tents, Z false
positives". Writes, in --out:
  evaluation.geojson  every true positive, false positive and missed tent
                      (EPSG:4326 for a dataset; tile pixels for tiles)
  overlays/ID.png     each image with found tents green, false positives
                      orange, missed tents red
  evaluation.json     the report (also printed with --json); written last,
                      and only when everything else was
The tent class ("tent") is the positive one; makeshift shelters and
buildings in the labels are not counted as tents.

Flags:
  --dataset FILE       dataset manifest written by campcount synth (or its
                       directory); evaluates every image of every camp
  --camp ID            only this camp (repeatable; dataset only)
  --target-date DATE   per camp, only the image taken closest before DATE
  --images DIR         plain PNG/JPEG tiles without georeference
  --labels DIR         their labels, one file per tile named like it:
                       TILE.txt ("class xmin ymin xmax ymax" per line,
                       pixels), TILE.xml (Pascal VOC) or TILE.geojson
                       (features with properties.kind and bbox_px)
  --gsd M              the tiles' ground sample distance, metres per pixel
  --detector NAME      detector plugin (default: the engine's)
  --threshold P        score from which a box counts as a tent (default
                       0.5), as in campcount estimate; AP uses every score
  --iou X              overlap needed to match a tent (default 0.5)
  --target-gsd M       have the engine resample the images to M metres per
                       pixel first (default: the detector's / image's own);
                       boxes are compared in the image's own pixels
  --out DIR            where to write (default ./campcount-evaluation)
  --json               print the report as one JSON object
  --server HOST:PORT   use a running campcountd (it must see the files)
  --plugin-dir DIR     plugin directory of the in-process engine

Example:
  campcount synth --camps 10 --seed 9001 --out bench-9001
  campcount evaluate --dataset bench-9001/dataset.json --threshold 0.5
)";

constexpr char kCalibrate[] = R"(Usage:
  campcount calibrate --dataset DIR/dataset.json --estimator NAME [flags]

Fits a regression estimator (area_linear, time_adjusted) on the dataset's
census: each usable survey is matched to the camp's image taken closest
before it, the detector runs once per image, and the fit is written as a
new version of models/calibration/NAME/<version>/calibration.json in the
model repository. Estimates use the latest version unless told otherwise.

Flags:
  --dataset FILE          dataset.json (campcount synth writes one)
  --estimator NAME        the estimator to fit
  --detector NAME         detector whose counts are fitted (default: server's)
  --threshold P           detector score threshold (default 0.5)
  --camp ID               only these camps (repeatable)
  --include-stale         also fit surveys that repeat the previous count
  --model-repository DIR  model repository of the in-process engine
                          (default $CAMPCOUNT_MODEL_REPOSITORY or ./models)
  --json                  print the result as JSON
  --server HOST:PORT, --plugin-dir DIR as for estimate
)";

constexpr char kCompare[] = R"(Usage:
  campcount compare --dataset DIR/dataset.json --pipeline DET:EST
                    --pipeline DET:EST [...] [flags]

Judges two or more pipelines on the same census surveys. Fitted estimators
are judged by leave-one-camp-out cross-validation (a camp's own census never
enters its own fit); census_trend sees only a camp's earlier surveys.
Prints MAE, MAPE, RMSE, bias, interval coverage and width (all surveys, and
split by the image-to-survey gap), a paired comparison by camp, and writes
comparison.csv, comparison_summary.csv and comparison.png.

Flags:
  --dataset FILE        dataset.json
  --pipeline DET:EST    e.g. bright_shelter:area_linear (repeatable, >= 2)
  --out DIR             where the files go (default DIR/comparison)
  --far-gap-days N      gap from which a survey counts as far (default 60)
  --threshold P, --camp ID, --include-stale, --json, --server, --plugin-dir
)";

constexpr char kNeeds[] = R"(Usage:
  campcount needs --population N [--lower L --upper U] [flags]
  campcount needs --census FILE --camp ID [flags]

Supply needs from a population (an estimate and its interval) or from a
camp's latest census: water, food energy and soap per day and per month;
toilets (female:male split), taps, covered living area and camp area that
must exist; now and for each of the next months on the time trend.

Flags:
  --standards NAME|FILE  sphere (default), unhcr, or your own JSON file (copy
                         share/campcount/standards/sphere.json and edit it)
  --months N             months to project (default 3)
  --trend P              growth in people per day (default: the census trend)
  --date YYYY-MM-DD      date the figures are for
  --json, --server HOST:PORT, --plugin-dir DIR
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
         name == "history" || name == "report" || name == "evaluate" ||
         name == "calibrate" || name == "compare" || name == "needs" ||
         name == "synth" || name == "help";
}

std::string UsageText(const std::string& command) {
  if (command == "estimate") return kEstimate;
  if (command == "plugins") return kPlugins;
  if (command == "demo") return kDemo;
  if (command == "history") return kHistory;
  if (command == "report") return kReport;
  if (command == "evaluate") return kEvaluate;
  if (command == "calibrate") return kCalibrate;
  if (command == "compare") return kCompare;
  if (command == "needs") return kNeeds;
  if (command == "synth") return kSynth;
  return kOverview;
}

}  // namespace campcount::cli
