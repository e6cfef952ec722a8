#!/usr/bin/env bash
# Installs every Debian 12 package campcount needs to build, test and run.
# Idempotent: when everything is already installed it returns in about a second.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config clang-format time
  # contracts and service
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libssl-dev
  # imagery, numerics, plugins
  libopencv-dev libeigen3-dev libgdal-dev gdal-bin
  libboost-dev libboost-filesystem-dev
  # faster_rcnn detector (LibTorch) and its training (torch in /usr/bin/python3)
  libtorch-dev python3-torch python3-torchvision python3-gdal
  # estimate records
  libsqlite3-dev
  # HTML report test: renders the page headless
  chromium
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev openssl
  # python client
  python3 python3-grpcio python3-grpc-tools python3-numpy
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
