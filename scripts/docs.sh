#!/usr/bin/env bash
# Refreshes what the docs show from what the code does: runs every docs/snippets program and
# stores its output beside it, copies code and output into the chapters (tools/docsync.cpp),
# and redraws the figures. Review the diff, then commit it.
# usage: scripts/docs.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
scripts/setup.sh "$build" >/dev/null
for src in docs/snippets/*.cpp; do
  name=$(basename "$src" .cpp)
  "$build/docs/snippet_$name" >"docs/snippets/$name.out"
done
"$build/docsync" --update docs/*.md README.md ARCHITECTURE.md
# figures: chapters 1-4
"$build/fig_strides" docs/figures/strides.svg
"$build/fig_graph" docs/figures/autograd_graph.svg
"$build/fig_init_scale" docs/figures/init_scale.svg
"$build/fig_causal" docs/figures/causal_padding.svg

# figures: chapters 5-10
"$build/fig_dilation" docs/figures/dilation.svg
"$build/fig_wavenet_block" docs/figures/wavenet_block.svg   # chapter 8
"$build/fig_step_time" docs/figures/step_time.svg   # timings: run it on an idle machine
# chapter 9: a drifting window, the CO2 forecast and its loss curve (about 5 s of training)
"$build/fig_drift" data/co2-concentration.csv docs/figures/forecast_drift.svg >/dev/null
"$build/forecast" --data data/co2-concentration.csv --target CO2 --window 24 --horizon 12 --season 12 \
  --epochs 50 --model laststep --predict --out out/docs-co2 >/dev/null
cp out/docs-co2/forecast.svg docs/figures/forecast_co2_laststep.svg
cp out/docs-co2/loss.svg docs/figures/forecast_co2_loss.svg

# chapter 7 and README: the makemore loss curves come from full training runs (minutes), so they
# are redrawn by hand:
#   build/makemore --out out/wavenet --metrics docs/figures/makemore_wavenet_metrics.json
#   build/makemore --model conv --out out/conv --metrics docs/figures/makemore_conv_metrics.json
#   cp out/wavenet/loss.svg docs/figures/makemore_wavenet_loss.svg
#   cp out/conv/loss.svg docs/figures/makemore_conv_loss.svg
# chapter 9's tables come from benchmarks (minutes to an hour), rerun by hand:
#   bench/co2_norm.sh             per-window normalisation on CO2
#   bench/ltsf.sh                 the ETTh2 benchmark (README too)
#   build/bench_streamer          streaming pushes against forecast_last (seconds; an idle machine)
#   bench/forecast_lifecycle.sh   quantile coverage and calendar features (README too), then the
#                                 interval figure: build/forecast --predict-only --out
#                                 out/lifecycle/runs/intervals_etth2_linear_1 --data
#                                 ../shared/data/ett/ETTh2.csv and copy its forecast.svg to
#                                 docs/figures/forecast_quantiles.svg
