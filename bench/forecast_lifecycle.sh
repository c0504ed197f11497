#!/usr/bin/env bash
# Measures what chapter 9 and README report of forecast's intervals and calendar features:
#   intervals  --quantiles 0.1,0.5,0.9 on ETTh2 "S" (OT, window 336, horizon 96, the LTSF split
#              and the linear models' recipe of bench/ltsf.sh) and on the tutorial's synthetic
#              series (the tutorial's model with its defaults, the linear model for 20 epochs, the
#              WaveNet for 5); coverage of the 80% interval on the test split, its mean width, the
#              median's test MSE; 3 seeds each
#   calendar   ETTh2 "S" h96 with and without --calendar (hour of day, day of week, day of year),
#              linear and wavenet, 3 seeds
# and prints both tables. The CSV is read where it lies (its licence forbids modified copies).
#
# usage: bench/forecast_lifecycle.sh [CSV]      (default ../shared/data/ett/ETTh2.csv)
# environment: BUILD (build), OUT (out/lifecycle), JOBS (2), SEEDS ("1 2 3")
# Finished runs (OUT/*.json) are kept and skipped. About 15 minutes with JOBS=2 on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
csv=${1:-../shared/data/ett/ETTh2.csv}
build=${BUILD:-build}
out=${OUT:-out/lifecycle}
jobs=${JOBS:-2}
seeds=${SEEDS:-1 2 3}
[[ -f $csv ]] || { echo "forecast_lifecycle.sh: no such file: $csv" >&2; exit 1; }
[[ -x $build/forecast ]] || scripts/setup.sh "$build" >/dev/null
mkdir -p "$out/runs"

ett="--data $csv --target OT --window 336 --horizon 96 --split 8640,2880,2880 --lr-decay 0.5 --patience 3 --linear-epochs 0"
recipe() { [[ $1 == wavenet ]] && echo "--lr 0.001 --epochs 6" || echo "--lr 0.005 --epochs 10"; }
runs=()
add() {  # name flags...
  local name=$1; shift
  [[ -f $out/$name.json ]] && return
  runs+=("$build/forecast $* --out $out/runs/$name --metrics $out/$name.json >$out/runs/$name.log 2>&1 || { tail -3 $out/runs/$name.log >&2; exit 255; }")
}
for seed in $seeds; do
  for m in linear nlinear; do
    add "intervals_etth2_${m}_$seed" "$ett --model $m --seed $seed $(recipe $m) --quantiles 0.1,0.5,0.9"
  done
  add "intervals_synthetic_tutorial_$seed" "--seed $seed --quantiles 0.1,0.5,0.9"
  add "intervals_synthetic_linear_$seed" "--seed $seed --quantiles 0.1,0.5,0.9 --model linear --epochs 20"
  add "intervals_synthetic_wavenet_$seed" "--seed $seed --quantiles 0.1,0.5,0.9 --model wavenet"
  for m in linear wavenet; do
    add "calendar_etth2_${m}_off_$seed" "$ett --model $m --seed $seed $(recipe $m)"
    add "calendar_etth2_${m}_on_$seed" "$ett --model $m --seed $seed $(recipe $m) --calendar"
  done
done
echo "forecast_lifecycle.sh: ${#runs[@]} runs to do ($jobs at a time), results in $out/"
if ((${#runs[@]})); then
  printf '%s\n' "${runs[@]}" | xargs -P "$jobs" -I{} bash -c '{}'
fi
python3 bench/forecast_lifecycle_table.py "$out"
