#!/bin/bash
# The installed SDK works for a partner: install campcount to a temporary
# prefix, build docs/examples/out_of_tree_plugin against that prefix alone
# (find_package(campcount)), start the *installed* campcountd with the
# installed plugins plus the new one, and check that ListPlugins shows it and
# an estimate uses it.
#   out_of_tree_plugin_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build_dir=$1
source_dir=$2
work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

prefix=$work/prefix
cmake --install "$build_dir" --prefix "$prefix" >"$work/install.log" ||
  { cat "$work/install.log"; fail "cmake --install failed"; }
for f in bin/campcountd bin/campcount include/campcount/plugin.h \
         include/campcount/v1/estimate.pb.h \
         share/campcount/proto/campcount/v1/service.proto \
         lib/cmake/campcount/campcountConfig.cmake \
         lib/cmake/campcount/CampcountPlugin.cmake \
         lib/campcount/plugins/libcampcount_shelter_count.so; do
  [[ -e $prefix/$f ]] || fail "not installed: $f"
done

# Configure with the install prefix only: nothing from the source or build
# tree is visible to the example.
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$source_dir/docs/examples/out_of_tree_plugin" -B "$work/example" \
  -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_PREFIX_PATH="$prefix" \
  "${launcher[@]}" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "configuring the example failed"; }
ninja -C "$work/example" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; fail "building the example failed"; }
plugin=$work/example/libcampcount_covered_space.so
[[ -f $plugin ]] || fail "the example did not produce $plugin"

"$prefix/bin/campcountd" --listen 127.0.0.1:0 --records off \
  --plugin_dirs "$prefix/lib/campcount/plugins,$work/example" \
  >"$work/server.log" 2>&1 &
server_pid=$!
address=
for _ in $(seq 1 100); do
  address=$(sed -n 's/^campcountd listening on //p' "$work/server.log")
  [[ -n $address ]] && break
  kill -0 "$server_pid" 2>/dev/null ||
    { cat "$work/server.log"; fail "campcountd exited"; }
  sleep 0.1
done
[[ -n $address ]] || fail "campcountd did not start"

cli=$prefix/bin/campcount
"$cli" plugins --server "$address" --json >"$work/plugins.json"
/usr/bin/python3 - "$work/plugins.json" <<'PY' ||
import json, sys
listed = json.load(open(sys.argv[1]))
names = [p["manifest"]["name"] for p in listed["plugins"]]
assert "covered_space" in names, names
assert not listed.get("refused"), listed["refused"]
print("ListPlugins:", ", ".join(names))
PY
  { cat "$work/plugins.json"; fail "ListPlugins does not show covered_space alone and unrefused"; }

"$cli" demo --server "$address" --out "$work/demo" --tents 40 >/dev/null
image=$(ls "$work"/demo/*.tif)
"$cli" estimate --server "$address" --image "$image" \
  --estimator covered_space --estimator shelter_count --json \
  >"$work/estimate.json"
grep -q '"estimator": *"covered_space"' "$work/estimate.json" ||
  { cat "$work/estimate.json"; fail "the estimate did not use covered_space"; }
grep -q 'm² per person' "$work/estimate.json" ||
  { cat "$work/estimate.json"; fail "covered_space's explanation is missing"; }
echo "PASS: out-of-tree plugin built against $prefix and used by campcountd"
