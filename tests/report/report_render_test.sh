#!/bin/bash
# The outputs a camp manager and a GIS analyst get: `campcount demo` with
# --report, --geojson and --overlay against the real plugins, then
# `campcount report ID` regenerating the page from the estimate's record, and
# that page rendered by headless Chromium (Debian's chromium) to a PNG and its
# DOM checked for the population, the interval and the versions.
#   report_render_test.sh CAMPCOUNT_BINARY PLUGIN_DIR
# Exit 77 (skipped) only when chromium is not installed.
set -euo pipefail
campcount=$1
plugin_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export CAMPCOUNT_RECORDS=$work/records.sqlite
python=/usr/bin/python3

"$campcount" demo --plugin-dir "$plugin_dir" --out "$work/demo" --tents 60 \
  --report "$work/first.html" --geojson "$work/detections.geojson" \
  --overlay "$work/overlay.png" --json >"$work/demo.json" 2>"$work/demo.err" ||
  { cat "$work/demo.err"; fail "campcount demo failed"; }

# GeoJSON: RFC 7946 lon/lat near Maiduguri, one feature per detection, the
# kept ones matching the count.
"$python" - "$work/demo.json" "$work/detections.geojson" <<'PY' || fail "GeoJSON"
import json, sys
result = json.load(open(sys.argv[1]))
gj = json.load(open(sys.argv[2]))
assert gj["type"] == "FeatureCollection", gj["type"]
features = gj["features"]
kept = [f for f in features if f["properties"]["kept"]]
f = result["done"]["features"]
counted = int(f.get("tent_count", f.get("tentCount", 0)))
assert len(kept) == counted, (len(kept), counted)
assert len(features) >= counted
for f in features:
    p = f["properties"]
    assert 0 <= p["score"] <= 1 and p["area_m2"] > 0, p
    assert p["kept"] or p["drop_reason"], p
    ring = f["geometry"]["coordinates"][0]
    assert f["geometry"]["type"] == "Polygon" and ring[0] == ring[-1]
    for lon, lat in ring:
        assert 12.5 < lon < 13.5 and 11.5 < lat < 12.2, (lon, lat)
print("geojson ok:", len(features), "features,", len(kept), "kept")
PY

# Overlay: a PNG no larger than 1600 px on its longer side.
"$python" - "$work/overlay.png" <<'PY' || fail "overlay PNG"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert 100 < max(w, h) <= 1600, (w, h)
print("overlay ok:", w, "x", h)
PY

record_id=$("$campcount" history --plugin-dir "$plugin_dir" --json |
  "$python" -c 'import json,sys; r=json.load(sys.stdin)["records"]; print(r[0]["id"])')
[[ -n $record_id ]] || fail "no record listed"
"$campcount" history --plugin-dir "$plugin_dir" "$record_id" >"$work/history.txt"
"$campcount" report --plugin-dir "$plugin_dir" "$record_id" \
  --out "$work/again.html" >/dev/null
grep -q 'data:image/png;base64,' "$work/again.html" ||
  fail "the regenerated report has no embedded image"
if grep -Eq '(src|href)="(https?:|file:|//)' "$work/again.html"; then
  fail "the report refers to an outside file"
fi

chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $chromium ]]; then
  echo "SKIP: chromium is not installed (deploy/install-deps.sh installs it)"
  exit 77
fi
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars
       --user-data-dir="$work/chromium-profile")
timeout 60 "$chromium" "${flags[@]}" --window-size=1200,2400 \
  --screenshot="$work/report.png" "file://$work/again.html" \
  >/dev/null 2>"$work/chromium.err" ||
  { cat "$work/chromium.err"; fail "chromium could not render the page"; }
timeout 60 "$chromium" "${flags[@]}" --dump-dom "file://$work/again.html" \
  >"$work/dom.html" 2>>"$work/chromium.err" ||
  { cat "$work/chromium.err"; fail "chromium could not load the page"; }

"$python" - "$work/demo.json" "$work/dom.html" "$work/report.png" <<'PY' ||
import json, re, struct, sys
result = json.load(open(sys.argv[1]))
dom = open(sys.argv[2]).read()
shot = open(sys.argv[3], "rb").read()
estimate = result["estimates"][0]
population = round(estimate["population"])
lower = round(estimate["interval"]["lower"])
upper = round(estimate["interval"]["upper"])
assert f'id="population" data-value="{population}"' in dom, "population"
assert f'data-lower="{lower}" data-upper="{upper}"' in dom, "interval"
assert "<svg" in dom and 'id="interval-chart"' in dom, "interval chart"
versions = dom[dom.index('id="versions"'):]
for c in estimate["explanation"]["components"]:
    assert c["name"] in versions and c["sha256"] in versions, c["name"]
assert re.search(r'<td>campcount</td><td>\d+\.\d+\.\d+</td>', versions), \
    "engine version"
assert 'id="overlay"' in dom and 'id="supply-needs"' in dom
assert shot[:8] == b"\x89PNG\r\n\x1a\n", "screenshot is not a PNG"
w, h = struct.unpack(">II", shot[16:24])
assert (w, h) == (1200, 2400), (w, h)
assert len(shot) > 50000, f"screenshot suspiciously small ({len(shot)} B)"
print(f"report ok: population {population}, interval {lower}-{upper}")
PY
  fail "the rendered report lacks what it must show"
echo "PASS: GeoJSON, overlay and HTML report (rendered in $chromium)"
