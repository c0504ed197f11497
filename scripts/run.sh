#!/usr/bin/env bash
# Installs, builds and runs the main job: makemore's WaveNet on the bundled names, then samples.
# Extra arguments go to makemore (e.g. scripts/run.sh --steps 20000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
exec build/makemore "$@"
