#!/usr/bin/env bash
# Data parallelism on this machine's cores: each workload trained by 1 process and by N under
# mpirun (the same global batch split over the ranks), side by side in one run, ROUNDS times each
# (default 5), alternating; prints the medians and the speed-up. Run it on an otherwise idle
# machine; on a shared or virtual one the runs of a few seconds swing, hence the rounds.
#   forecast   the tutorial's WaveNet on the synthetic series: seconds per epoch (training only)
#   conv       makemore --model conv (64 words per step): ms per step
#   wavenet    makemore's default, the lecture's model (32 examples per step): ms per step
# usage: [BUILD=build] [ROUNDS=5] bench/data_parallel.sh [N=2]   (after scripts/test.sh, which builds with MPI)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2} build=${BUILD:-build} rounds=${ROUNDS:-5}
command -v mpirun >/dev/null || { echo "mpirun is missing: sudo apt-get install openmpi-bin libopenmpi-dev" >&2; exit 1; }
[ -x "$build/makemore" ] || scripts/setup.sh "$build"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mpi=(mpirun --allow-run-as-root --oversubscribe --mca btl_vader_single_copy_mechanism none)
# number FILE KEY: a number from a metrics JSON
number() { tr -d '\n ' <"$1" | sed -n "s/.*\"$2\":\([-0-9.e+]*\).*/\1/p"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# measure NAME KEY ARGS...: runs `ARGS --metrics` alone and under mpirun -np N, twice each
measure() {
  local name=$1 key=$2; shift 2
  local one=() many=()
  for ((round = 1; round <= rounds; ++round)); do
    "$@" --out "$tmp/o" --metrics "$tmp/1.json" >/dev/null
    one+=("$(number "$tmp/1.json" "$key")")
    "${mpi[@]}" -np "$n" "$@" --out "$tmp/o" --metrics "$tmp/n.json" >/dev/null
    many+=("$(number "$tmp/n.json" "$key")")
  done
  local a b
  a=$(median "${one[@]}") b=$(median "${many[@]}")
  awk -v name="$name" -v key="$key" -v a="$a" -v b="$b" -v n="$n" \
    'BEGIN { printf "| %s | %s | %.4g | %.4g | %.2fx |\n", name, key, a, b, a / b }'
}
echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
echo "| workload | figure | 1 process | $n processes | speed-up |"
echo "|---|---|---|---|---|"
measure "forecast tutorial model, 3 epochs" seconds_per_epoch "$build/forecast" --epochs 3 --linear-epochs 0
measure "makemore --model conv, 1,000 steps" ms_per_step "$build/makemore" --model conv --steps 1000 --eval-every 1000 --sample 0
measure "makemore (lecture model), 3,000 steps" ms_per_step "$build/makemore" --steps 3000 --eval-every 3000 --sample 0
