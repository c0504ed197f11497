// Performance, exercise 2: how much memory im2col takes, and what dilation does to it.
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // cols is (B * T_out, K * C_in) floats: dilation moves the taps apart but copies the same
  // number of them, so it changes only the padding, not the size.
  const int64_t B = 32, T = 50, C_in = 64;
  for (int64_t K : {2, 3})
    for (int64_t d : {1, 8}) {
      const Conv1dGeometry g = conv1d_geometry(T, K, 1, d, Padding::Causal);
      const double kb = 4.0 * static_cast<double>(B * g.out_length * K * C_in) / 1e3;
      std::printf("K %lld, d %lld: pad %2lld, cols (%lld x %lld) = %.1f KB (x itself: %.1f KB)\n",
                  static_cast<long long>(K), static_cast<long long>(d),
                  static_cast<long long>(g.pad_left), static_cast<long long>(B * g.out_length),
                  static_cast<long long>(K * C_in), kb, 4.0 * B * T * C_in / 1e3);
    }
  // doc-end solution
  return 0;
}
