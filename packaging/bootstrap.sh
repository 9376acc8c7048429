#!/usr/bin/env bash
# Shared set-up behind ./run.sh and ./test.sh: install what is missing from Debian 12 packages,
# configure and build incrementally. Idempotent: a second call installs nothing and rebuilds
# only what changed (ccache keeps even clean rebuilds fast).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${RS_BUILD_DIR:-$ROOT/build}"

# Everything ReplicaScope needs, all from Debian 12 (bookworm).
PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-translations-l10n libqt6svg6 libgl-dev libegl-dev libxkbcommon-dev
  libtorch-dev libopenblas0-pthread
  libopencv-dev libsqlite3-dev sqlite3 libfaiss-dev nlohmann-json3-dev libarchive-dev libssl-dev zlib1g-dev
  xvfb xauth openclipart-png poppler-utils chromium fonts-dejavu-core
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "==> Installing ${#missing[@]} Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# ccache: rewrite absolute paths relative to the checkout so that builds of other clones (CI
# builds a fresh clone) hit the same cache.
export CCACHE_BASEDIR="$ROOT"
export CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  echo "==> Configuring $BUILD_DIR"
  # RS_CMAKE_ARGS: extra options for a fresh configuration (CI passes -DRS_WERROR=ON).
  # shellcheck disable=SC2086
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${RS_CMAKE_ARGS:-}
fi
echo "==> Building"
cmake --build "$BUILD_DIR" -j "$(nproc)"
