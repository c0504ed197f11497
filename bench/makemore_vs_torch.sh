#!/usr/bin/env bash
# ms per makemore training step, ripple against PyTorch 1.13, same model, data and machine.
# Runs each side ROUNDS times (default 5), alternating, and prints the medians and the ratio.
# usage: bench/makemore_vs_torch.sh [STEPS=3000] [THREADS=1] [ROUNDS=5]   (after scripts/setup.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-3000} threads=${2:-1} rounds=${3:-5}
anchor=bench/makemore_torch.py  # a copy of ../shared/anchors/makemore_torch.py
torch_python=/usr/bin/python3
if ! "$torch_python" -c "import torch" 2>/dev/null; then
  echo "PyTorch is missing: sudo apt-get install python3-torch" >&2
  exit 1
fi
[ -x build/bench_makemore_step ] || scripts/setup.sh build
r=() t=()
for ((round = 1; round <= rounds; ++round)); do
  r+=("$(build/bench_makemore_step data/names.txt "$steps" "$threads" | awk '/ms_per_step/ {print $2}')")
  t+=("$("$torch_python" "$anchor" data/names.txt "$steps" "$threads" | awk '/ms_per_step/ {print $2}')")
  echo "round $round: ripple ${r[-1]} ms/step, pytorch ${t[-1]} ms/step"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
rm=$(median "${r[@]}") tm=$(median "${t[@]}")
echo "makemore WaveNet, batch 32, $threads thread(s), $steps steps:"
echo "  ripple  $rm ms/step"
echo "  pytorch $tm ms/step"
awk -v r="$rm" -v t="$tm" 'BEGIN {printf "  ripple is %.1fx faster\n", t / r}'
