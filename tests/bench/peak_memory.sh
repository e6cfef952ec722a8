#!/usr/bin/env bash
# Peak memory of one estimate on a large GeoTIFF (default 20,000 x 20,000 px,
# 0.5 m/px: 10 km x 10 km), measured with GNU time. The target is < 1 GB:
# rasters are read window by window, nothing holds the whole image.
#   tests/bench/peak_memory.sh [BUILD_DIR] [SIZE_PX] [EXISTING_IMAGE] [DETECTOR]
# (default detector: the server's, faster_rcnn, which resamples the 0.5 m
# image to its model's 0.25 m: four times the pixels, ~7,000 tiles.)
set -euo pipefail
build=${1:-build}
size=${2:-20000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
image=${3:-$dir/large-camp.tif}
detector=${4:-}

[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)"; exit 2; }
if [ ! -f "$image" ]; then
  echo "writing ${size} x ${size} px camp..."
  /usr/bin/time -f "writer: %e s, peak RSS %M KB" \
    "$build/bin/write_demo_camp" "$image" "$size" "$size" 20000
fi
ls -l "$image"
echo "estimating..."
/usr/bin/time -f "estimate: %e s, peak RSS %M KB" \
  "$build/bin/campcount" estimate --image "$image" ${detector:+--detector "$detector"} \
  --json > "$dir/estimate.json"
grep -o '"tent_count": *"*[0-9]*' "$dir/estimate.json" | head -1 || true
