// bench_conv1d: forward + backward time of the forecast tutorial's convolution stack.
//
// The stack (Keras's WaveNet-style forecaster): x (32, 50, 1) ->
//   Conv1d(1, 64, 2, dilation 1, causal), ReLU, Conv1d(64, 64, 2, dilation 2, causal), ReLU,
//   Conv1d(64, 64, 2, dilation 4, causal), ReLU, Conv1d(64, 64, 2, dilation 8, causal), ReLU,
//   Conv1d(64, 1, 1)  -> y (32, 50, 1),  loss = mean((y - target)^2)
// One step is zero_grad, forward, loss, backward (no optimizer update). Prints the median
// milliseconds per step (elapsed and CPU time) over several samples, and forward alone without
// gradients. OpenBLAS's thread count follows OPENBLAS_NUM_THREADS.
//
//   ./build/bench_conv1d
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <vector>

#include "autograd/ops.h"
#include "core/generator.h"
#include "layers/activation.h"
#include "layers/conv1d.h"

using namespace ripple;

namespace {

struct Timing {
  double wall_ms, cpu_ms;  // medians per call: elapsed time and this process's CPU time
};

double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Medians per call of f over 7 samples of ~0.1 s each (after warm-up calls). On a busy machine
// the CPU time is the steadier figure (with one BLAS thread it is the work done).
Timing time_per_call(const std::function<void()>& f) {
  using clock = std::chrono::steady_clock;
  for (int i = 0; i < 3; ++i) f();
  auto t0 = clock::now();
  f();
  const double once = std::chrono::duration<double>(clock::now() - t0).count();
  const int reps = std::max(1, static_cast<int>(0.1 / std::max(once, 1e-9)));
  std::vector<double> wall, cpu;
  for (int s = 0; s < 7; ++s) {
    auto start = clock::now();
    const double cpu_start = cpu_seconds();
    for (int r = 0; r < reps; ++r) f();
    cpu.push_back(1e3 * (cpu_seconds() - cpu_start) / reps);
    wall.push_back(std::chrono::duration<double, std::milli>(clock::now() - start).count() / reps);
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

}  // namespace

int main() {
  const int64_t B = 32, T = 50, filters = 64;
  Generator gen(42);
  std::vector<std::shared_ptr<Module>> layers;
  int64_t in = 1;
  for (int64_t d : {1, 2, 4, 8}) {
    layers.push_back(std::make_shared<Conv1d>(
        in, filters, 2, Conv1dOptions{.dilation = d, .padding = Padding::Causal}, gen));
    layers.push_back(std::make_shared<ReLU>());
    in = filters;
  }
  layers.push_back(std::make_shared<Conv1d>(filters, 1, 1, Conv1dOptions{}, gen));

  const Tensor x = gen.normal({B, T, 1});
  const Tensor target = gen.normal({B, T, 1});
  auto forward = [&] {
    Tensor y = x;
    for (auto& m : layers) y = (*m)(y);
    return y;
  };

  const Timing train = time_per_call([&] {
    for (auto& m : layers) m->zero_grad();
    Tensor err = forward() - target;
    mean(err * err).backward();
  });
  const Timing infer = time_per_call([&] {
    NoGradGuard no_grad;
    forward();
  });
  std::printf("conv stack B=%lld T=%lld: 4 causal Conv1d(64, k=2, d=1,2,4,8) + ReLU"
              " + Conv1d(64, 1, 1)\n",
              static_cast<long long>(B), static_cast<long long>(T));
  std::printf("  forward + backward: %8.3f ms per step (cpu %8.3f ms)\n", train.wall_ms,
              train.cpu_ms);
  std::printf("  forward (no grad):  %8.3f ms per step (cpu %8.3f ms)\n", infer.wall_ms,
              infer.cpu_ms);
  return 0;
}
