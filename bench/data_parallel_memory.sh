#!/usr/bin/env bash
# Memory of data-parallel training over time: each rank's resident set (VmRSS), sampled every
# second while `mpirun -np N` trains, printed at a quarter, half, three quarters and the end of
# the samples (the first quarter holds the loading of the data; the end, an evaluation). Flat from
# the quarter on means no growth per step.
# usage: [BUILD=build] bench/data_parallel_memory.sh [N=2]   (after scripts/test.sh, which builds with MPI)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2} build=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# watch NAME ARGS...: ARGS under mpirun; the ranks' total VmRSS in MiB at 1/4, 1/2, 3/4 and the end
watch() {
  local name=$1; shift
  mpirun --allow-run-as-root --oversubscribe --mca btl_vader_single_copy_mechanism none -np "$n" \
    "$@" --out "$tmp/o" >/dev/null &
  local job=$!
  : >"$tmp/rss"
  while kill -0 "$job" 2>/dev/null; do
    sleep 1
    for p in $(pgrep -f "^$1 .*--out $tmp/o"); do awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null; done |
      awk '{ s += $1 } END { if (NR) printf "%.1f\n", s / 1024 }' >>"$tmp/rss"
  done
  wait "$job"
  awk -v name="$name" '{ a[NR] = $1 } END { q = int(NR / 4); if (q < 1) q = 1
    printf "| %s | %d | %s | %s | %s | %s |\n", name, NR, a[q], a[2 * q], a[3 * q], a[NR] }' "$tmp/rss"
}
echo "| run under mpirun -np $n | seconds | MiB (all ranks) at 1/4 | at 1/2 | at 3/4 | at the end |"
echo "|---|---|---|---|---|---|"
watch "forecast tutorial model, 30 epochs" "$build/forecast" --epochs 30 --linear-epochs 0
watch "makemore --model conv, 6,000 steps, evaluated at the end" "$build/makemore" --model conv --steps 6000 --eval-every 6000 --sample 0
