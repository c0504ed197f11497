#!/usr/bin/env bash
# makemore's recipes beyond the lecture on data/names.txt, trained one after the other on one
# core, each summed up in one row from the metrics file it wrote (full splits, eval mode):
#
#   targets  the course notes' recipe (conv, dilations 1, 2, 4, 8, Adam at 0.001, 20,000 steps;
#            issue 14's target: val <= 2.00), then --model gated with its defaults under three
#            seeds (target: val <= 1.96, at most 250k parameters, under 5 minutes of training)
#   dropout  --model gated under the same three seeds with --dropout 0 and 0.3 (the default), two
#            runs side by side on two cores (so their seconds are not timings)
#   lecture  chapter 7's table: the lecture's flat MLPs (3 and 8 characters) and its WaveNet, 200,000
#            SGD steps each, as a markdown table beside the figures the lecture's notebook closes
#            with (quoted, not measured here); about 5 minutes on one core
#   conv     --model conv past its default 8,000 steps (12,000 and 14,000) and under seed 7, which
#            also draws another split; about 3 minutes on one core
#   sweep    --model gated, seed 1, what else was tried towards val <= 1.96 with the earlier
#            widths (64 residual and 64 skip channels, pinned here): longer training, more dropout,
#            weight decay, other widths and depths, a lower learning rate, smaller batches; two runs
#            side by side on two cores, about 10 minutes
#   widths   --model gated, residual channels against skip channels at 165k-240k parameters
#            (seed 1, then the last two under seed 2): what moved the defaults from 64 and 64 to
#            32 and 320; two runs side by side on two cores, about 10 minutes
#
# --seed also draws the split, so each seed is validated on other words. Timings are only worth
# recording on an idle machine (/work/QUIET.md's lock on the shared one).
# usage: bench/makemore_recipes.sh [targets|dropout|lecture|conv|sweep|widths] [BUILD_DIR=build] [OUT_DIR=out/recipes]
set -euo pipefail
cd "$(dirname "$0")/.."
set_=${1:-targets}
build=${2:-build}
out=${3:-out/recipes}
mkdir -p "$out"

[[ $set_ == lecture ]] || printf '%-44s %8s %6s %7s %7s %7s %9s\n' run params steps train val test seconds
row() {  # row NAME ARGS...: trains, then prints the row of its metrics
  local name=$1
  shift
  "$build/makemore" "$@" --out "$out/$name" --metrics "$out/$name.json" --sample 0 >"$out/$name.log"
  python3 - "$out/$name.json" "$*" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:<44} {m['params']:>8} {m['steps']:>6} {m['train_loss']:7.4f} {m['val_loss']:7.4f} "
      f"{m['test_loss']:7.4f} {m['seconds_total']:9.1f}")
EOF
}
pairs() {  # pairs NAME ARGS... -- VARIANT...: a row per variant (ARGS, then its flags), two at a time
  local name=$1 args=() i
  shift
  while [[ $1 != -- ]]; do args+=("$1") && shift; done
  shift
  local variants=("$@")
  for i in "${!variants[@]}"; do
    # shellcheck disable=SC2086  # each variant is a list of flags
    row "$name$i" "${args[@]}" ${variants[$i]} >"$out/${name}_row$i" &
    if ((i % 2 == 1)); then wait; fi
  done
  wait
  for i in "${!variants[@]}"; do cat "$out/${name}_row$i"; done
}
case $set_ in
  targets)
    row notes --model conv --dilations 1,2,4,8 --optimizer adam --lr 0.001 --steps 20000
    for seed in 1 2 3; do row "gated$seed" --model gated --seed "$seed"; done
    ;;
  dropout)
    pairs dropout --model gated -- "--seed 1 --dropout 0" "--seed 1 --dropout 0.3" "--seed 2 --dropout 0" \
      "--seed 2 --dropout 0.3" "--seed 3 --dropout 0" "--seed 3 --dropout 0.3"
    ;;
  lecture)
    for b in 3 8; do "$build/makemore" --model mlp --block-size "$b" --out "$out/mlp$b" --metrics "$out/mlp$b.json" \
      --sample 0 >"$out/mlp$b.log"; done
    "$build/makemore" --out "$out/wavenet" --metrics "$out/wavenet.json" --sample 0 >"$out/wavenet.log"
    python3 - "$out" <<'EOF'
import json, os, sys
# the lecture's figures: Karpathy, "Building makemore Part 5" (2022), the notebook's closing list
rows = [("flat MLP, 3 characters", "mlp3", "2.058", "2.105"),
        ("flat MLP, 8 characters", "mlp8", "1.918", "2.027"),
        ("hierarchical, 8 characters, BatchNorm over dim 0 only", None, "1.941", "2.029"),
        ("the same after the BatchNorm fix", None, "1.912", "2.022"),
        ("hierarchical WaveNet, 8 characters, scaled up", "wavenet", "1.769", "1.993")]
print("200,000 SGD steps of batch 32 (the lecture's schedule); full splits, eval mode; the lecture's")
print("figures quoted from its notebook; its two 22k-parameter hierarchical models not rerun here\n")
print("| model | params | lecture train | lecture val | ripple train | ripple val | ripple test |")
print("|---|---|---|---|---|---|---|")
for name, run, lt, lv in rows:
    if run is None:
        print(f"| {name} | about 22k | {lt} | {lv} | | | |")
        continue
    m = json.load(open(os.path.join(sys.argv[1], run + ".json")))
    print(f"| {name} | {m['params']:,} | {lt} | {lv} | {m['train_loss']:.4f} | {m['val_loss']:.4f} | "
          f"{m['test_loss']:.4f} |")
EOF
    ;;
  conv)
    for steps in 12000 14000; do row "conv_steps$steps" --model conv --steps "$steps"; done
    row conv_seed7 --model conv --seed 7
    ;;
  sweep)
    sweep=("--steps 20000" "--steps 20000 --dropout 0.4" "--steps 20000 --optimizer adamw --weight-decay 0.1"
           "--steps 20000 --embd 80 --dilations 1,2,4,8,1,2" "--steps 16000 --embd 56 --hidden 56 --layers 12"
           "--steps 16000 --lr 0.001" "--steps 24000 --lr 0.001 --batch 32")
    pairs sweep --model gated --seed 1 --embd 64 --hidden 64 -- "${sweep[@]}"
    ;;
  widths)
    widths=("--seed 1 --embd 64 --hidden 64" "--seed 1 --embd 48 --hidden 128" "--seed 1 --embd 48 --hidden 192"
            "--seed 1 --embd 40 --hidden 256" "--seed 1 --embd 32 --hidden 320" "--seed 2 --embd 40 --hidden 256"
            "--seed 2 --embd 32 --hidden 320")
    pairs widths --model gated -- "${widths[@]}"
    ;;
  row)  # one row: bench/makemore_recipes.sh row BUILD_DIR OUT_DIR NAME ARGS...
    shift 3
    row "$@"
    ;;
  *)
    echo "usage: bench/makemore_recipes.sh [targets|dropout|lecture|conv|sweep|widths] [BUILD_DIR] [OUT_DIR]" >&2
    echo "       bench/makemore_recipes.sh row BUILD_DIR OUT_DIR NAME ARGS..." >&2
    exit 2
    ;;
esac
