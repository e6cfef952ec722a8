#!/usr/bin/env bash
# Peak memory and speed of pre-processing: a 20,000 x 20,000 px, 0.5 m/px
# camp resampled to 0.1 m/px (a 100,000 x 100,000 px grid) with the contrast
# stretch on, read tile by tile through the real geotiff plugin. Target:
# peak RSS < 1 GB (GDAL warps window by window; its block cache is bounded).
#   tests/bench/preprocess_memory.sh [BUILD_DIR] [SIZE_PX] [GSD_M] [MAX_TILES] [EXISTING_IMAGE] [ORDER]
# ORDER "spread" (default) samples tiles over the whole image; "rows" reads
# the first MAX_TILES in the pipeline's order (see preprocess_bench_main.cc).
set -euo pipefail
build=${1:-build}
size=${2:-20000}
gsd=${3:-0.1}
max_tiles=${4:-3000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
image=${5:-$dir/large-camp.tif}
order=${6:-spread}

[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)"; exit 2; }
if [ ! -f "$image" ]; then
  echo "writing ${size} x ${size} px camp..."
  /usr/bin/time -f "writer: %e s, peak RSS %M KB" \
    "$build/bin/write_demo_camp" "$image" "$size" "$size" 20000
fi
ls -l "$image"
echo "pre-processing to ${gsd} m/px, up to ${max_tiles} tiles..."
/usr/bin/time -v "$build/bin/preprocess_bench" "$image" "$gsd" "$max_tiles" 1 "$order" \
  2> "$dir/time.txt"
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$dir/time.txt"
