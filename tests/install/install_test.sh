#!/usr/bin/env bash
# Installs ripple into a temporary prefix, then builds an example against it twice: with CMake's
# find_package(ripple) and with pkg-config. Fails if either cannot find, compile or link it.
# usage: install_test.sh BUILD_DIR SOURCE_DIR [extra compiler flags, e.g. sanitizers]
set -euo pipefail
build=$1 src=$2 flags=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
test -f "$tmp/prefix/include/ripple/ripple.h"
if ls "$tmp"/prefix/include/ripple/core/{loops,kernels}.h 2>/dev/null; then
  echo "internal headers were installed"; exit 1
fi

# 1. CMake: the examples folder as a project of its own, found through the prefix.
cmake -S "$src/examples" -B "$tmp/cmake-build" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
      -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$flags" >/dev/null
cmake --build "$tmp/cmake-build" --target example_fit_line >/dev/null
"$tmp/cmake-build/example_fit_line" | tee "$tmp/cmake.out"
# the fitted line must be the data's, y = 3x + 2, to within the noise
awk '/^y = / { if ($3 < 2.9 || $3 > 3.1 || $6 < 1.9 || $6 > 2.1) exit 1; found = 1 } END { exit !found }' \
    "$tmp/cmake.out"

# 2. pkg-config, by hand as a Makefile would.
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
# shellcheck disable=SC2046,SC2086
g++ $flags "$src/examples/fit_line.cpp" -o "$tmp/fit_line_pc" $(pkg-config --cflags --libs ripple)
"$tmp/fit_line_pc" | tail -1 | tee "$tmp/pc.out"
cmp <(tail -1 "$tmp/cmake.out") "$tmp/pc.out"
echo "install test passed: find_package(ripple) and pkg-config ripple $(pkg-config --modversion ripple)"
