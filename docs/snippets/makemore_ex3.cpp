// makemore, exercise 3: sampling temperature. Dividing the logits by tau before the softmax
// sharpens the distribution (tau < 1) or flattens it (tau > 1).
#include <cmath>
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  Tensor logits = tensor({3.0, 2.0, 1.0, 0.0, -1.0}, {}, DType::Float64);
  for (double tau : {0.25, 0.5, 1.0, 2.0, 100.0}) {
    Tensor p = softmax(logits / tau, 0);
    const double entropy = -sum(p * log(p)).item();  // in nats; ln 5 = 1.609 is uniform
    std::printf("tau %6.2f: p = %.3f %.3f %.3f %.3f %.3f, entropy %.3f\n", tau, p.at({0}),
                p.at({1}), p.at({2}), p.at({3}), p.at({4}), entropy);
  }
  // doc-end solution
  return 0;
}
