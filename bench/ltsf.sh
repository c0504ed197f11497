#!/usr/bin/env bash
# The long-term forecasting benchmark protocol (LTSF-Linear, "Are Transformers Effective for Time
# Series Forecasting?") on ETTh2: window 336, horizons 96/192/336/720, settings S (OT alone) and
# M (all 7 columns, each alone through one shared model), split 8640/2880/2880 rows, z-scored on
# the training rows, MSE on the z-scores. Runs repeat-last, linear, nlinear, dlinear and wavenet
# over 3 seeds, each model also with --norm none (but the WaveNet on M), and prints the table beside the published
# numbers of the data's README. The CSV is read where it lies: its licence forbids modified
# copies, so it is never copied into the repository.
#
# usage: bench/ltsf.sh [CSV]            (default ../shared/data/ett/ETTh2.csv)
# environment: BUILD (build), OUT (out/ltsf), JOBS (2 runs at once), SEEDS ("1 2 3"),
#              HORIZONS ("96 192 336 720"), SETTINGS ("S M"), MODELS ("linear nlinear dlinear wavenet")
# Finished runs (OUT/*.json) are kept and skipped, so an interrupted benchmark resumes.
# About 16 minutes with JOBS=2 on two Zen 5 cores; the table alone: python3 bench/ltsf_table.py OUT CSV
set -euo pipefail
cd "$(dirname "$0")/.."
csv=${1:-../shared/data/ett/ETTh2.csv}
build=${BUILD:-build}
out=${OUT:-out/ltsf}
jobs=${JOBS:-2}
seeds=${SEEDS:-1 2 3}
horizons=${HORIZONS:-96 192 336 720}
settings=${SETTINGS:-S M}
models=${MODELS:-linear nlinear dlinear wavenet}
[[ -f $csv ]] || { echo "ltsf.sh: no such file: $csv" >&2; exit 1; }
[[ -x $build/forecast ]] || scripts/setup.sh "$build" >/dev/null
mkdir -p "$out/runs"

# The recipe: LTSF-Linear's for the linear models (Adam, batch 32, lr halved every epoch, early
# stopping with patience 3; lr 0.005 for S, 0.05 for M, at most 10 epochs); the same for the
# WaveNet (the direct head, 32 channels, one stack) at lr 0.001 for at most 6 epochs.
recipe() {  # setting model -> flags
  case "$2" in
    wavenet) echo "--lr 0.001 --epochs 6" ;;
    *) if [[ $1 == S ]]; then echo "--lr 0.005 --epochs 10"; else echo "--lr 0.05 --epochs 10"; fi ;;
  esac
}

runs=()
for s in $settings; do
  target=OT; [[ $s == M ]] && target=all
  for h in $horizons; do
    for m in $models; do
      for norm in revin none; do
        for seed in $seeds; do
          # the WaveNet without normalisation on M: 12 runs of 4 minutes, left out
          [[ $s == M && $m == wavenet && $norm == none ]] && continue
          name="${s}_${h}_${m}_${norm}_${seed}"
          [[ -f $out/$name.json ]] && continue
          runs+=("$build/forecast --data $csv --target $target --window 336 --horizon $h \
--split 8640,2880,2880 --model $m --norm $norm --seed $seed $(recipe "$s" "$m") --lr-decay 0.5 \
--patience 3 --linear-epochs 0 --out $out/runs/$name --metrics $out/$name.json >$out/runs/$name.log 2>&1 || { tail -3 $out/runs/$name.log >&2; exit 255; }")
        done
      done
    done
  done
done
echo "ltsf.sh: ${#runs[@]} runs to do ($jobs at a time), results in $out/"
if ((${#runs[@]})); then
  printf '%s\n' "${runs[@]}" | xargs -P "$jobs" -I{} bash -c '{}'
fi
python3 bench/ltsf_table.py "$out" "$csv"
