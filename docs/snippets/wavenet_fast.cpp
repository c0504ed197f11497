// The paper's WaveNet, chapter 8: Fast WaveNet's cached generation (Paine et al. 2016) computes
// what the uncached one does, with one step of every layer per new value.
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin generate
  Generator gen(42);
  forecast::WaveNet net({.channels = 8, .skip_channels = 8, .stacks = 2, .layers_per_stack = 4},
                        gen);
  Tensor history = gen.normal({2, 40, 1});         // two series of 40 steps
  Tensor fast = net.generate(history, 20);         // cached: one pass per new step on (B, C)
  Tensor slow = net.generate(history, 20, false);  // the whole network over the whole sequence
  const double diff = max(flatten(abs(fast - slow)), 0).item();
  std::printf("generated %lld x %lld steps; cached and uncached agree to 1e-4: %s\n",
              static_cast<long long>(fast.size(0)), static_cast<long long>(fast.size(1)),
              diff < 1e-4 ? "yes" : "NO");
  // doc-end generate

  // doc-begin count
  // Steps each layer computes to generate n = 20 values after T0 = 40. Uncached, value i comes
  // from a pass over the whole sequence so far, T0 + i steps. Cached, one pass over the history
  // fills the queues and gives the first value, then each value fed back costs one step.
  const int64_t T0 = 40, n = 20;
  int64_t uncached = 0;
  for (int64_t i = 0; i < n; ++i) uncached += T0 + i;
  const int64_t cached = T0 + (n - 1);
  std::printf("steps per layer: uncached %lld, cached %lld (%.1fx fewer)\n",
              static_cast<long long>(uncached), static_cast<long long>(cached),
              static_cast<double>(uncached) / static_cast<double>(cached));
  // doc-end count
  return 0;
}
