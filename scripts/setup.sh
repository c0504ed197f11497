#!/usr/bin/env bash
# Installs ripple's Debian packages (only those missing, quietly) and builds it in Release.
# RIPPLE_EXTRA_PACKAGES="a b" adds packages; --packages-only installs and stops there (the one
# install path: scripts/test.sh adds OpenMPI, scripts/fuzz.sh clang and libFuzzer).
# usage: scripts/setup.sh [BUILD_DIR] [extra cmake args...]
#        scripts/setup.sh --packages-only
set -euo pipefail
cd "$(dirname "$0")/.."
packages_only=0
if [[ ${1:-} == --packages-only ]]; then packages_only=1; shift; fi
build=${1:-build}; shift || true

packages=(g++ cmake make pkg-config libopenblas-dev libgtest-dev nlohmann-json3-dev libcli11-dev libbenchmark-dev doxygen)
read -r -a extra <<<"${RIPPLE_EXTRA_PACKAGES:-}"
packages+=("${extra[@]}")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "ripple: installing ${missing[*]}"
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
((packages_only)) && exit 0

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
echo "ripple: building in $build"
# quiet when all is well: the full log only on failure, warnings always
if ! cmake --build "$build" -j"$(nproc)" >"$build/build.log" 2>&1; then
  cat "$build/build.log"
  exit 1
fi
grep -A3 "warning:" "$build/build.log" || true
