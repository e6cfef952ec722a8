#!/usr/bin/env bash
# `campcount synth` then `campcount evaluate` as a user runs them: the real
# generator, the in-process engine with the build's plugins, and checks that
# the report agrees with the dataset (TP + missed = the manifest's tent
# count; ratios in [0, 1]) and that the GeoJSON and overlays were written.
#   tests/evaluate_synth_test.sh CAMPCOUNT_BINARY PLUGIN_DIR
set -euo pipefail
campcount=$1
plugins=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# Seed 42: outside the benchmark's reserved 9000-9099.
"$campcount" synth --camps 2 --dates 1 --seed 42 --out "$dir/data" > /dev/null
"$campcount" evaluate --dataset "$dir/data/dataset.json" --out "$dir/eval" \
  --plugin-dir "$plugins" --json > "$dir/report.json" 2> "$dir/stderr.log"

/usr/bin/python3 - "$dir" <<'PY'
import json, os, sys
d = sys.argv[1]
manifest = json.load(open(f"{d}/data/dataset.json"))
report = json.load(open(f"{d}/report.json"))
assert report == json.load(open(f"{d}/eval/evaluation.json")), "stdout != file"
images = [i for c in manifest["camps"] for i in c["images"]]
tents = sum(i["truth"]["tents"] for i in images)
o = report["overall"]
assert o["tents"] == tents, (o["tents"], tents)
assert o["true_positives"] + o["misses"] == tents, o
assert o["images"] == len(images), o
for k in ("precision", "recall", "f1", "average_precision"):
    assert o[k] is not None and 0 <= o[k] <= 1, (k, o[k])
assert sum(c["tents"] for c in report["camps"]) == tents
geo = json.load(open(f"{d}/eval/evaluation.geojson"))
outcomes = [f["properties"]["outcome"] for f in geo["features"]]
assert outcomes.count("true_positive") == o["true_positives"]
assert outcomes.count("false_positive") == o["false_positives"]
assert outcomes.count("miss") == o["misses"]
for i in images:
    png = f"{d}/eval/overlays/{i['id']}.png"
    assert os.path.getsize(png) > 0, png
print(report["overall"]["sentence"])
PY
