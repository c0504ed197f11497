#!/usr/bin/env bash
# The synthetic-series results README and chapter 9 quote, from runs: the Keras tutorial's series
# (7,000 training, 2,000 validation and 1,000 test series of 50 steps), each model trained with
# the epochs and seeds given, one after the other on one core, and its test MSE read from the
# metrics file it wrote. Prints one markdown table; the reference column quotes (it does not
# measure) Géron's book (2nd ed., 2019, chapter 15 and its notebook: validation MSEs on its 2,000
# validation series) and the PyTorch rebuild of the tutorial (../shared/anchors/forecast_torch.py,
# test MSE). About 10 minutes on one idle core.
# usage: bench/forecast_synthetic.sh [BUILD_DIR=build] [OUT_DIR=out/synthetic]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=${2:-out/synthetic}
[[ -x $build/forecast ]] || scripts/setup.sh "$build" >/dev/null
mkdir -p "$out"
run() {  # run NAME FLAGS...: trains, keeps the metrics as OUT/NAME.json
  local name=$1
  shift
  "$build/forecast" "$@" --out "$out/runs/$name" --metrics "$out/$name.json" >"$out/$name.log"
}
run tutorial_42                                   # the tutorial exactly: 5 epochs, seed 42
for seed in 1 2; do run "tutorial_$seed" --seed "$seed"; done
run tutorial20 --epochs 20
run laststep20 --model laststep --epochs 20
run wavenet20 --model wavenet --epochs 20 --linear-epochs 0
for seed in 42 1 2 3 4 5 6 7; do run "seq2seq_$seed" --model seq2seq --horizon 10 --epochs 20 --seed "$seed"; done
run wavenet_h10 --model wavenet --horizon 10 --epochs 20 --final-lr 0.05

python3 - "$out" <<'EOF'
import json, os, statistics, sys
out = sys.argv[1]
def m(name):
    return json.load(open(os.path.join(out, name + ".json")))
def seeds(prefix, ids):
    return [m(f"{prefix}_{s}")["test_mse"] for s in ids]
tutorial = seeds("tutorial", [42, 1, 2])
seq = seeds("seq2seq", [42, 1, 2, 3, 4, 5, 6, 7])
rows = [
    ("naive (last value), 1 step", "`forecast` (seed 42)", f"{m('tutorial_42')['naive_mse']:.4f}",
     "book 0.020, PyTorch 0.022"),
    ("linear, 1 step, 20 epochs", "the same run's baseline", f"{m('tutorial_42')['linear_mse']:.4f}",
     "book 0.0042, PyTorch 0.0046"),
    ("tutorial model, 5 epochs", "`forecast --seed S`, S = 42, 1, 2",
     " / ".join(f"{v:.4f}" for v in tutorial), "PyTorch 0.031"),
    ("tutorial model, 20 epochs", "`--epochs 20`", f"{m('tutorial20')['test_mse']:.4f}", "PyTorch 0.0066"),
    ("last-step head, 20 epochs", "`--model laststep --epochs 20`", f"{m('laststep20')['test_mse']:.5f}",
     "PyTorch 0.0030"),
    ("WaveNet (Oord et al.), 1 step, 20 epochs", "`--model wavenet --epochs 20 --linear-epochs 0`",
     f"{m('wavenet20')['test_mse']:.5f}", "best in the book 0.0026"),
    ("naive, 10 steps", "the seq2seq run of seed 42", f"{m('seq2seq_42')['naive_mse']:.3f}", "book about 0.26"),
    ("linear, 10 steps, 20 epochs", "the same run's baseline", f"{m('seq2seq_42')['linear_mse']:.4f}",
     "book 0.0187"),
    ("seq2seq, 10 steps", "`--model seq2seq --horizon 10 --epochs 20 --seed S`, S = 42, 1 .. 7",
     f"median {statistics.median(seq):.4f} ({min(seq):.4f} to {max(seq):.4f})", "book 0.0072 (one run)"),
    ("WaveNet (Oord et al.), 10 steps, 20 epochs", "`--model wavenet --horizon 10 --epochs 20 --final-lr 0.05`",
     f"{m('wavenet_h10')['test_mse']:.5f}", "book 0.0072"),
]
print("synthetic series (the Keras tutorial's): test MSE on the 1,000 test series; 10 steps: the")
print("10 forecasts made at the last time step; references quoted, not measured here\n")
print("| model | run | ripple test MSE | reference |")
print("|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
EOF
