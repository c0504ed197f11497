#!/usr/bin/env bash
# Refreshes what the docs show from what the code does: runs every docs/snippets program and
# stores its output beside it, reruns the short recorded runs (docs/recorded), copies code and
# output into the chapters and README (tools/docsync.cpp), and redraws the figures. With --long
# it also reruns the long ones (makemore trainings, benchmarks: about half an hour, and the
# timings are only worth recording on an idle machine). Review the diff, then commit it.
# usage: scripts/docs.sh [--long] [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
long=0
if [[ ${1:-} == --long ]]; then long=1; shift; fi
build=${1:-build}
scripts/setup.sh "$build" >/dev/null

# The header every docs/recorded file starts with: the command, the date and the build.
header() {
  echo "\$ $*"
  local changes=""
  git diff --quiet HEAD -- . ':!docs' ':!README.md' || changes=" plus uncommitted changes"
  echo "# recorded on $(date -u +%F) with the build of commit $(git rev-parse --short HEAD)$changes"
}
# record OUT COMMAND...: COMMAND's output under that header, as a chapter or README shows it.
record() {
  local out=$1
  shift
  { header "$@"; "$@"; } >"$out.tmp"
  mv "$out.tmp" "$out"
}
for src in docs/snippets/*.cpp; do
  name=$(basename "$src" .cpp)
  "$build/docs/snippet_$name" >"docs/snippets/$name.out"
done
"$build/recorded" --update docs/recorded/*.txt
"$build/docsync" --update docs/*.md README.md ARCHITECTURE.md
# figures: chapters 1-4
"$build/fig_strides" docs/figures/strides.svg
"$build/fig_graph" docs/figures/autograd_graph.svg
"$build/fig_init_scale" docs/figures/init_scale.svg
"$build/fig_causal" docs/figures/causal_padding.svg

# figures: chapters 5-10
"$build/fig_dilation" docs/figures/dilation.svg
"$build/fig_wavenet_block" docs/figures/wavenet_block.svg   # chapter 8
# chapter 9: a drifting window, the CO2 forecast and its loss curve (about 5 s of training)
record docs/recorded/forecast_drift.txt "$build/fig_drift" data/co2-concentration.csv docs/figures/forecast_drift.svg
record docs/recorded/forecast_co2.txt "$build/forecast" --data data/co2-concentration.csv \
  --target CO2 --window 24 --horizon 12 --season 12 --epochs 50 --model laststep --predict \
  --out out/docs-co2
cp out/docs-co2/forecast.svg docs/figures/forecast_co2_laststep.svg
cp out/docs-co2/loss.svg docs/figures/forecast_co2_loss.svg
# chapter 9: that checkpoint forecasting the months after the first 700 rows (test months it never
# trained on); --predict-only writes them to out/docs-co2/forecast.csv
head -701 data/co2-concentration.csv >out/docs-co2-first700.csv
record docs/recorded/forecast_co2_predict.txt bash -c "$build/forecast --predict-only --out out/docs-co2 \
--data out/docs-co2-first700.csv && head -3 out/docs-co2/forecast.csv"

# The long runs, with --long. Chapter 7 and README: the makemore trainings (minutes each); their
# metrics files are the sources tools/recorded renders docs/recorded/makemore_*.txt from.
if ((long)); then
  for model in conv wavenet; do
    cmd=("$build/makemore" --model "$model" --out "out/$model"
         --metrics "docs/figures/makemore_${model}_metrics.json")
    "${cmd[@]}" >/dev/null
    cp "out/$model/loss.svg" "docs/figures/makemore_${model}_loss.svg"
    { header "${cmd[@]}"; echo "# source: ../figures/makemore_${model}_metrics.json"; } \
      >"docs/recorded/makemore_$model.txt"
  done
  # chapter 7: three sampling runs of the WaveNet just trained, as the app prints them
  sampling="for flags in '--temperature 0.5' '--top-k 3' '--temperature 1.5'; do $build/makemore --sample-only --out out/wavenet --sample 8 \$flags; done"
  { header "$sampling"; bash -c "$sampling"; } >docs/recorded/makemore_sampling.txt.tmp
  mv docs/recorded/makemore_sampling.txt.tmp docs/recorded/makemore_sampling.txt
  "$build/recorded" --update docs/recorded/makemore_*.txt
  # chapter 7 and README: the lecture's table (its flat MLPs and WaveNet, 200,000 steps each,
  # beside the lecture's figures), then the conv model's longer runs and seed 7 (8 minutes)
  record docs/recorded/makemore_lecture.txt bench/makemore_recipes.sh lecture "$build"
  record docs/recorded/makemore_conv_runs.txt bench/makemore_recipes.sh conv "$build"
  # chapter 7 and README: issue 14's recipes (9 minutes), the gated widths (10), dropout on and
  # off (7), the gated sweep (10)
  record docs/recorded/makemore_recipes.txt bench/makemore_recipes.sh targets "$build"
  record docs/recorded/makemore_widths.txt bench/makemore_recipes.sh widths "$build"
  record docs/recorded/makemore_dropout.txt bench/makemore_recipes.sh dropout "$build"
  record docs/recorded/makemore_sweep.txt bench/makemore_recipes.sh sweep "$build"
  # chapters 9 and 10, README: the benchmarks, and chapter 10's step-time figure (timings)
  record docs/recorded/step_time.txt "$build/fig_step_time" docs/figures/step_time.svg
  gemm="$build/bench_gemm 2>/dev/null | sed -n '/FMA peak/,\$p'"  # its table, after the console's
  { header "$gemm"; bash -c "$gemm"; } >docs/recorded/bench_gemm.txt.tmp
  mv docs/recorded/bench_gemm.txt.tmp docs/recorded/bench_gemm.txt
  record docs/recorded/bench_streamer.txt "$build/bench_streamer"
  record docs/recorded/makemore_vs_torch.txt env BUILD="$build" bench/makemore_vs_torch.sh 3000 1
  record docs/recorded/forecast_vs_torch.txt env BUILD="$build" bench/forecast_vs_torch.sh 2 1 3
  record docs/recorded/data_parallel.txt bench/data_parallel.sh 2  # needs the MPI build
  record docs/recorded/data_parallel_memory.txt bench/data_parallel_memory.sh 2
  # chapter 9 and README: the forecasting benchmarks (minutes to a quarter of an hour each); what is recorded is
  # the table each prints at its end, from the runs it left in out/
  record docs/recorded/forecast_synthetic.txt bench/forecast_synthetic.sh "$build"  # 10 minutes
  record docs/recorded/co2_norm.txt bench/co2_norm.sh "$build"  # prints only its table
  bench/ltsf.sh >/dev/null
  record docs/recorded/ltsf.txt python3 bench/ltsf_table.py out/ltsf ../shared/data/ett/ETTh2.csv
  bench/forecast_lifecycle.sh >/dev/null
  record docs/recorded/forecast_lifecycle.txt python3 bench/forecast_lifecycle_table.py out/lifecycle
  # chapter 9's interval figure: the linear model of that table, seed 1, after the data's last row
  "$build/forecast" --predict-only --out out/lifecycle/runs/intervals_etth2_linear_1 \
    --data ../shared/data/ett/ETTh2.csv >/dev/null
  cp out/lifecycle/runs/intervals_etth2_linear_1/forecast.svg docs/figures/forecast_quantiles.svg
  "$build/docsync" --update docs/*.md README.md ARCHITECTURE.md
fi

