#!/usr/bin/env bash
# The fixed held-out detection benchmark (docs/benchmark.md): generates the
# benchmark datasets with `campcount synth` and measures a detector on them
# with `campcount evaluate`, per dataset and pooled.
#   tests/bench/detection_benchmark.sh [BUILD_DIR] [WORK_DIR] [--detector NAME]
#                                      [--threshold P]
# Seeds 9000-9099 are reserved for this benchmark: nothing that trains,
# tunes or calibrates may generate data with them.
set -euo pipefail
build=${1:-build}
work=${2:-/tmp/campcount-detection-benchmark}
shift $(( $# < 2 ? $# : 2 ))
extra=("$@")

# The benchmark: "seed camps dates" per dataset. Changing this list changes
# the benchmark; record old numbers next to the old list in the docs.
sets=(
  "9001 10 3"
  "9002 10 3"
)

campcount="$build/bin/campcount"
[ -x "$campcount" ] || { echo "no $campcount; build the campcount target" >&2; exit 2; }
mkdir -p "$work"
reports=()
for set in "${sets[@]}"; do
  read -r seed camps dates <<< "$set"
  data="$work/synth-$seed"
  # Regenerate unless a complete dataset with these parameters is there
  # (synth writes dataset.json last).
  if ! grep -q "\"seed\": *$seed\b" "$data/dataset.json" 2>/dev/null ||
     ! grep -q "\"camps\": *$camps\b" "$data/dataset.json" 2>/dev/null; then
    rm -rf "$data"
    echo "== campcount synth --camps $camps --seed $seed --dates $dates" >&2
    /usr/bin/time -f "synth: %e s, peak RSS %M KB" \
      "$campcount" synth --camps "$camps" --seed "$seed" --dates "$dates" \
      --out "$data" >&2
  fi
  out="$work/eval-$seed"
  echo "== campcount evaluate --dataset $data/dataset.json ${extra[*]}" >&2
  /usr/bin/time -f "evaluate: %e s, peak RSS %M KB" \
    "$campcount" evaluate --dataset "$data/dataset.json" --out "$out" \
    "${extra[@]}" 2> "$work/eval-$seed.log"
  grep -E "^(evaluate|error):" "$work/eval-$seed.log" | tail -2 >&2
  reports+=("$out/evaluation.json")
done

# Pooled over the datasets: counts add up; AP is per dataset (a pooled AP
# would need the rankings, which evaluation.json does not keep).
/usr/bin/python3 - "${reports[@]}" <<'PY'
import json, sys
rows, total = [], {"tents": 0, "true_positives": 0, "false_positives": 0,
                   "misses": 0, "images": 0}
for path in sys.argv[1:]:
    r = json.load(open(path))
    o = r["overall"]
    rows.append((r["input"], o))
    for k in total:
        total[k] += o[k]
def pct(x):
    return "n/a" if x is None else f"{100 * x:.1f}%"
print("\nheld-out benchmark, detector %s %s, score >= %.2f, IoU >= %.2f" % (
    r["detector"]["name"], r["detector"]["version"], r["score_threshold"],
    r["iou_threshold"]))
print(f"{'dataset':<52} {'images':>6} {'tents':>7} {'found':>7} {'false+':>7} "
      f"{'prec':>6} {'recall':>6} {'F1':>6} {'AP':>6}")
for name, o in rows:
    ap = "n/a" if o["average_precision"] is None else f"{o['average_precision']:.3f}"
    print(f"{name:<52} {o['images']:>6} {o['tents']:>7} {o['true_positives']:>7} "
          f"{o['false_positives']:>7} {pct(o['precision']):>6} {pct(o['recall']):>6} "
          f"{pct(o['f1']):>6} {ap:>6}")
tp, fp, n = total["true_positives"], total["false_positives"], total["tents"]
p = tp / (tp + fp) if tp + fp else None
rc = tp / n if n else None
f1 = 2 * p * rc / (p + rc) if p is not None and rc is not None and p + rc else None
print(f"{'pooled':<52} {total['images']:>6} {n:>7} {tp:>7} {fp:>7} {pct(p):>6} "
      f"{pct(rc):>6} {pct(f1):>6}")
print(f"\npooled: found {tp:,} of {n:,} tents, {fp:,} false positives")
# The threshold trade-off, pooled (every report has the same thresholds).
print(f"\n{'score >=':>8} {'found':>7} {'false+':>7} {'prec':>6} {'recall':>6}")
reports = [json.load(open(p)) for p in sys.argv[1:]]
for k, point in enumerate(reports[0].get("operating_points", [])):
    tp = sum(r["operating_points"][k]["true_positives"] for r in reports)
    fp = sum(r["operating_points"][k]["false_positives"] for r in reports)
    p = tp / (tp + fp) if tp + fp else None
    print(f"{point['score_threshold']:>8.1f} {tp:>7} {fp:>7} {pct(p):>6} {pct(tp / n if n else None):>6}")
PY
