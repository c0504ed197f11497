// Chapter 8: the forecasting models' sizes and receptive fields, and WaveNet's cached generation.
#include <cmath>
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin heads
  Generator gen(42);
  for (const char* kind : {"tutorial", "laststep", "seq2seq", "wavenet", "linear", "nlinear", "dlinear"}) {
    auto model = forecast::make_model({.kind = kind, .window = 50}, gen);
    std::printf("%-9s %6lld parameters, receptive field %2lld, output per window %s\n", kind,
                static_cast<long long>(model->num_parameters()),
                static_cast<long long>(model->receptive_field()),
                model->sequence_output() ? "(B, T, E)" : "(B, E)");
  }
  // doc-end heads

  // doc-begin generate
  forecast::WaveNet net({.channels = 8, .skip_channels = 8, .stacks = 2, .layers_per_stack = 4}, gen);
  Tensor history = gen.normal({2, 40, 1});     // two series of 40 steps
  Tensor fast = net.generate(history, 20);          // cached: one pass per new step on (B, C)
  Tensor slow = net.generate(history, 20, false);   // the whole network over the whole sequence
  const double diff = max(flatten(abs(fast - slow)), 0).item();
  std::printf("generated %lld x %lld steps; cached and uncached agree: %s\n",
              static_cast<long long>(fast.size(0)), static_cast<long long>(fast.size(1)),
              diff < 1e-4 ? "yes" : "NO");
  // doc-end generate
  return 0;
}
