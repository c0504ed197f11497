#!/usr/bin/env bash
# makemore's recipes beyond the lecture on data/names.txt, trained one after the other on one
# core, each summed up in one row from the metrics file it wrote (full splits, eval mode):
#
#   targets  the course notes' recipe (conv, dilations 1, 2, 4, 8, Adam at 0.001, 20,000 steps;
#            issue 14's target: val <= 2.00), then --model gated with its defaults under three
#            seeds (target: val <= 1.96, at most 250k parameters, under 5 minutes of training)
#   dropout  --model gated under the same three seeds with --dropout 0 and 0.3 (the default), two
#            runs side by side on two cores (so their seconds are not timings)
#
# --seed also draws the split, so each seed is validated on other words. Timings are only worth
# recording on an idle machine (/work/QUIET.md's lock on the shared one).
# usage: bench/makemore_recipes.sh [targets|dropout] [BUILD_DIR=build] [OUT_DIR=out/recipes]
set -euo pipefail
cd "$(dirname "$0")/.."
set_=${1:-targets}
build=${2:-build}
out=${3:-out/recipes}
mkdir -p "$out"

printf '%-44s %8s %6s %7s %7s %7s %9s\n' run params steps train val test seconds
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
case $set_ in
  targets)
    row notes --model conv --dilations 1,2,4,8 --optimizer adam --lr 0.001 --steps 20000
    for seed in 1 2 3; do row "gated$seed" --model gated --seed "$seed"; done
    ;;
  dropout)
    for seed in 1 2 3; do
      for p in 0 0.3; do row "gated${seed}_dropout$p" --model gated --seed "$seed" --dropout "$p" >"$out/row_$p" & done
      wait
      cat "$out/row_0" "$out/row_0.3"
    done
    ;;
  row)  # one row: bench/makemore_recipes.sh row BUILD_DIR OUT_DIR NAME ARGS...
    shift 3
    row "$@"
    ;;
  *)
    echo "usage: bench/makemore_recipes.sh [targets|dropout] [BUILD_DIR] [OUT_DIR]" >&2
    echo "       bench/makemore_recipes.sh row BUILD_DIR OUT_DIR NAME ARGS..." >&2
    exit 2
    ;;
esac
