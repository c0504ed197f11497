#!/usr/bin/env bash
# bench/forecast_vs_torch.sh: seconds per epoch of the forecast tutorial's model in ripple and in
# PyTorch 1.13 (the anchor bench/forecast_torch.py, a copy of ../shared/anchors/forecast_torch.py;
# same model, data sizes, batch and
# optimizer), with the same number of threads, run alternately in one script so both see the same
# machine load. Prints each run, the medians and the ratio PyTorch / ripple, twice: by elapsed
# time (what both programs report) and by CPU time (ripple reports it; the anchor is run a second
# time with time.perf_counter replaced by time.process_time). On a machine shared with other work
# the elapsed times swing with the load and the CPU times are the steadier comparison.
#
#   bench/forecast_vs_torch.sh [EPOCHS=3] [THREADS=1] [ROUNDS=2]
#   BUILD=build-fc TORCH_PYTHON=/usr/bin/python3 bench/forecast_vs_torch.sh 5 1 3
set -euo pipefail
epochs=${1:-3}
threads=${2:-1}
rounds=${3:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
case $build in /*) ;; *) build=$root/$build ;; esac
python=${TORCH_PYTHON:-/usr/bin/python3}
anchor=${ANCHOR:-$root/bench/forecast_torch.py}
[ -x "$build/forecast" ] || { echo "no $build/forecast: build first (cmake --build $build)" >&2; exit 1; }
[ -f "$anchor" ] || { echo "no PyTorch anchor at $anchor (set ANCHOR=...)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

echo "tutorial model (4 causal dilated Conv1D(64) + 1x1 + GAP + Dense), 7000 series, batch 32, $epochs epochs, $threads thread(s)"
: > "$tmp/ripple"; : > "$tmp/torch"; : > "$tmp/ripple_cpu"; : > "$tmp/torch_cpu"
for r in $(seq "$rounds"); do
  OPENBLAS_NUM_THREADS=$threads "$build/forecast" --epochs "$epochs" --threads "$threads" --linear-epochs 0 \
    --out "$tmp/out" --metrics "$tmp/m.json" > "$tmp/ripple.log"
  rs=$("$python" -c "import json,sys; print(json.load(open(sys.argv[1]))['seconds_per_epoch'])" "$tmp/m.json")
  rc=$("$python" -c "import json,sys; print(json.load(open(sys.argv[1]))['cpu_seconds_per_epoch'])" "$tmp/m.json")
  rm=$("$python" -c "import json,sys; print(json.load(open(sys.argv[1]))['test_mse'])" "$tmp/m.json")
  echo "$rs" >> "$tmp/ripple"; echo "$rc" >> "$tmp/ripple_cpu"
  printf 'round %d  ripple   %.3f s/epoch  (CPU %.3f s)  test MSE %.5f\n' "$r" "$rs" "$rc" "$rm"
  line=$(OMP_NUM_THREADS=$threads "$python" "$anchor" "$epochs" "$threads" | grep '^wavenet_mse')
  ts=$(echo "$line" | awk '{print $4}')
  tm=$(echo "$line" | awk '{print $2}')
  echo "$ts" >> "$tmp/torch"
  tc=$(OMP_NUM_THREADS=$threads "$python" -c "import runpy, sys, time; time.perf_counter = time.process_time; \
sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')" "$anchor" "$epochs" "$threads" |
       grep '^wavenet_mse' | awk '{print $4}')
  echo "$tc" >> "$tmp/torch_cpu"
  printf 'round %d  pytorch  %.3f s/epoch  (CPU %.3f s)  test MSE %.5f\n' "$r" "$ts" "$tc" "$tm"
done
rmed=$(median < "$tmp/ripple")
tmed=$(median < "$tmp/torch")
rcpu=$(median < "$tmp/ripple_cpu")
tcpu=$(median < "$tmp/torch_cpu")
printf 'elapsed  ripple %.3f s/epoch   pytorch %.3f s/epoch   ratio (pytorch / ripple) %.2fx\n' \
  "$rmed" "$tmed" "$(echo "$tmed $rmed" | awk '{print $1 / $2}')"
printf 'CPU      ripple %.3f s/epoch   pytorch %.3f s/epoch   ratio (pytorch / ripple) %.2fx\n' \
  "$rcpu" "$tcpu" "$(echo "$tcpu $rcpu" | awk '{print $1 / $2}')"
