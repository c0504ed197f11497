// Causal convolution, exercise 2: causal padding is a valid convolution of a left-padded input.
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  Generator gen(2);
  const int64_t K = 3;
  Tensor x = gen.normal({2, 12, 3}, 0, 1, DType::Float64);     // (B, T, C_in)
  Tensor w = gen.normal({K, 3, 5}, 0, 1, DType::Float64);      // (K, C_in, C_out)
  Tensor causal = conv1d(x, w, Tensor(), 1, 1, Padding::Causal);
  Tensor padded = concat({zeros({2, K - 1, 3}, DType::Float64), x}, 1);  // K - 1 zeros in front
  Tensor valid = conv1d(padded, w, Tensor(), 1, 1, Padding::Valid);
  std::printf("causal %s, valid on padded %s, equal to 1e-12: %s\n",
              to_string(causal.shape()).c_str(), to_string(valid.shape()).c_str(),
              max(flatten(abs(causal - valid)), 0).item() < 1e-12 ? "yes" : "NO");
  // doc-end solution
  return 0;
}
