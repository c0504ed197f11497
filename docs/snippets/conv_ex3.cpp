// Causal convolution, exercise 3: which outputs of `same` padding read the future, for kernels
// 2 to 5? Found by autograd: the gradient of output t with respect to inputs after t.
#include <algorithm>
#include <cstdio>
#include <string>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  const int64_t T = 8;
  for (int64_t K = 2; K <= 5; ++K) {
    std::string peeks;
    int64_t ahead = 0;
    for (int64_t t = 0; t < T; ++t) {
      Tensor x = ones({1, T, 1}, DType::Float64);
      x.requires_grad_();
      sum(select(conv1d(x, ones({K, 1, 1}, DType::Float64), Tensor(), 1, 1, Padding::Same), 1, t))
          .backward();
      int64_t future = 0;  // how many inputs after t output t depends on
      for (int64_t s = t + 1; s < T; ++s) future += x.grad().at({0, s, 0}) != 0;
      peeks += static_cast<char>('0' + future);
      ahead = std::max(ahead, future);
    }
    std::printf("K = %lld: future inputs read by outputs 0..7: %s (up to %lld = K / 2)\n",
                static_cast<long long>(K), peeks.c_str(), static_cast<long long>(ahead));
  }
  // doc-end solution
  return 0;
}
