// bench_conv1d: forward + backward time of the forecast tutorial's convolution stack (Google
// Benchmark).
//
// The stack (Keras's WaveNet-style forecaster): x (32, 50, 1) ->
//   Conv1d(1, 64, 2, dilation 1, causal), ReLU, Conv1d(64, 64, 2, dilation 2, causal), ReLU,
//   Conv1d(64, 64, 2, dilation 4, causal), ReLU, Conv1d(64, 64, 2, dilation 8, causal), ReLU,
//   Conv1d(64, 1, 1)  -> y (32, 50, 1),  loss = mean((y - target)^2)
// conv_stack/train is one step: zero_grad, forward, loss, backward (no optimizer update);
// conv_stack/forward is the forward pass without gradients. Both report the median of 5
// repetitions, elapsed and CPU time (on a busy machine CPU time is the steadier figure: with one
// BLAS thread it is the work done). OpenBLAS's thread count follows OPENBLAS_NUM_THREADS.
//
//   build/bench_conv1d                               (a few seconds)
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "autograd/ops.h"
#include "core/generator.h"
#include "layers/activation.h"
#include "layers/conv1d.h"

using namespace ripple;

namespace {

constexpr int64_t kBatch = 32, kSteps = 50, kFilters = 64;

struct ConvStack {
  std::vector<std::shared_ptr<Module>> layers;
  Tensor x, target;

  ConvStack() {
    Generator gen(42);
    int64_t in = 1;
    for (int64_t d : {1, 2, 4, 8}) {
      layers.push_back(std::make_shared<Conv1d>(
          in, kFilters, 2, Conv1dOptions{.dilation = d, .padding = Padding::Causal}, gen));
      layers.push_back(std::make_shared<ReLU>());
      in = kFilters;
    }
    layers.push_back(std::make_shared<Conv1d>(kFilters, 1, 1, Conv1dOptions{}, gen));
    x = gen.normal({kBatch, kSteps, 1});
    target = gen.normal({kBatch, kSteps, 1});
  }
  Tensor forward() {
    Tensor y = x;
    for (auto& m : layers) y = (*m)(y);
    return y;
  }
};

void BM_train_step(benchmark::State& state) {
  ConvStack stack;
  for (auto _ : state) {
    for (auto& m : stack.layers) m->zero_grad();
    Tensor err = stack.forward() - stack.target;
    mean(err * err).backward();
  }
}

void BM_forward(benchmark::State& state) {
  ConvStack stack;
  NoGradGuard no_grad;
  for (auto _ : state) benchmark::DoNotOptimize(stack.forward());
}

}  // namespace

BENCHMARK(BM_train_step)->Name("conv_stack/train")->Unit(benchmark::kMillisecond)
    ->MinTime(0.2)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK(BM_forward)->Name("conv_stack/forward")->Unit(benchmark::kMillisecond)
    ->MinTime(0.2)->Repetitions(5)->ReportAggregatesOnly(true);
BENCHMARK_MAIN();
