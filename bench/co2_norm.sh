#!/usr/bin/env bash
# What per-window normalisation does on a drifting series: chapter 9's CO2 task (window 24 months,
# horizon 12, 50 epochs) for five models with --norm none, last and revin, over 3 seeds. Prints
# the median test MAE in ppm (and the spread, max - min). About 2 minutes on one core.
# usage: bench/co2_norm.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=out/co2_norm
[[ -x $build/forecast ]] || scripts/setup.sh "$build" >/dev/null
mkdir -p "$out"
for model in linear nlinear dlinear laststep wavenet; do
  for norm in none last revin; do
    for seed in 1 2 3; do
      "$build/forecast" --data data/co2-concentration.csv --target CO2 --window 24 --horizon 12 \
        --epochs 50 --model "$model" --norm "$norm" --seed "$seed" --linear-epochs 0 \
        --out "$out/run" --metrics "$out/${model}_${norm}_${seed}.json" >/dev/null
    done
  done
done
python3 - "$out" <<'PY'
import glob, json, os, statistics, sys
runs = {}
for path in glob.glob(os.path.join(sys.argv[1], "*.json")):
    model, norm, _ = os.path.basename(path)[:-5].split("_")
    runs.setdefault((model, norm), []).append(json.load(open(path))["test_mae_original_scale"])
print("CO2, 12 months ahead from 24: test MAE in ppm, median over 3 seeds (spread)\n")
print("| model | --norm none | --norm last | --norm revin |")
print("|---|---|---|---|")
for model in ["linear", "nlinear", "dlinear", "laststep", "wavenet"]:
    cells = []
    for norm in ["none", "last", "revin"]:
        v = runs.get((model, norm), [])
        cells.append(f"{statistics.median(v):.2f} ({max(v) - min(v):.2f})" if v else "-")
    print(f"| {model} | " + " | ".join(cells) + " |")
PY
