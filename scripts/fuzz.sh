#!/usr/bin/env bash
# Fuzzes the readers of untrusted input: builds the libFuzzer targets of fuzz/ with clang under
# AddressSanitizer + UBSan in build-fuzz, runs each for SECONDS on a copy of its seed corpus
# (fuzz/corpus/<target>, never grown here), and fails on any finding, naming the input that
# reproduces it. fuzz/README.md says more.
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60; RIPPLE_JOBS=N: build jobs)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=build-fuzz

# what the fuzz build needs besides ripple's own packages, installed only when missing
RIPPLE_EXTRA_PACKAGES="${RIPPLE_EXTRA_PACKAGES:-} clang libfuzzer-14-dev" scripts/setup.sh --packages-only

CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRIPPLE_FUZZ=ON \
  -DRIPPLE_TESTS=OFF >/dev/null
echo "ripple: building the fuzz targets in $build"
if ! cmake --build "$build" --target fuzz -j"${RIPPLE_JOBS:-$(nproc)}" >"$build/build.log" 2>&1; then
  cat "$build/build.log"
  exit 1
fi

targets=(safetensors makemore_checkpoint forecast_checkpoint csv words makemore_options forecast_options)
failed=0
for t in "${targets[@]}"; do
  run=$build/fuzz-run/$t
  rm -rf "$run" && mkdir -p "$run/corpus" "$run/findings"
  cp fuzz/corpus/"$t"/* "$run/corpus/"
  max_len=4096
  case $t in *checkpoint | safetensors) max_len=16384 ;; esac
  # one process; a finding stops the target and leaves its input in $run/findings
  if "$build/fuzz/fuzz_$t" "$run/corpus" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$run/findings/" >"$run/log" 2>&1; then
    status=ok
  else
    status=FINDING
    failed=1
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log")
  echo "fuzz_$t: ${execs:-?} executions in ${seconds} s: $status"
  if [ "$status" != ok ]; then
    grep -m1 -A12 "ERROR:\|==ERROR\|runtime error\|terminate called\|deadly signal" "$run/log" || tail -n 20 "$run/log"
    for f in "$run"/findings/*; do
      [ -e "$f" ] && echo "  reproduce: $build/fuzz/fuzz_$t $f"
    done
  fi
done
exit $failed
