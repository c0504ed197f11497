#!/usr/bin/env bash
# Installs, builds and runs the whole test suite with ctest.
# usage: scripts/test.sh [BUILD_DIR] [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
# OpenMPI so that the distributed path (dist/, mpirun -np 2 tests) is built and tested too
RIPPLE_EXTRA_PACKAGES="${RIPPLE_EXTRA_PACKAGES:-} openmpi-bin libopenmpi-dev" scripts/setup.sh "$@"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)"
