// makemore, exercise 2: the hierarchical WaveNet's 76,579 parameters, by formula.
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // V = 27 characters, E = 24, H = 128, 8 characters merged two at a time over three levels:
  //   Embedding(V, E)                          V * E
  //   level 1: Linear(2E, H, no bias) + BN(H)  2E * H + 2H
  //   levels 2, 3: Linear(2H, H, no bias) + BN  2 * (2H * H + 2H)
  //   output: Linear(H, V)                     H * V + V
  const long long V = 27, E = 24, H = 128;
  const long long by_formula =
      V * E + (2 * E * H + 2 * H) + 2 * (2 * H * H + 2 * H) + (H * V + V);
  std::printf("by formula:      %lld\n", by_formula);
  std::printf("parameter_count: %lld\n",
              static_cast<long long>(makemore::parameter_count({.kind = makemore::ModelKind::WaveNet})));
  // the same with H = 68, the lecture's 22k-parameter model
  const long long h = 68;
  std::printf("with H = 68:     %lld\n", V * E + (2 * E * h + 2 * h) + 2 * (2 * h * h + 2 * h) + (h * V + V));
  // doc-end solution
  return 0;
}
