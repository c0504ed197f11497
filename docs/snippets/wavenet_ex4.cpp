// The paper's WaveNet, exercise 4: the gate's gradient by hand, against autograd.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // z = tanh(a) . sigmoid(b):  dz/da = (1 - tanh(a)^2) sigmoid(b)
  //                            dz/db = tanh(a) sigmoid(b) (1 - sigmoid(b))
  Generator gen(11);
  const int64_t N = 6, C = 3;
  Tensor ab = gen.normal({N, 2 * C}, 0, 2, DType::Float64);  // [a | b], as gated_activation takes
  ab.requires_grad_();
  Tensor upstream = gen.normal({N, C}, 0, 1, DType::Float64);  // dL/dz for L = sum(z * upstream)
  sum(gated_activation(ab) * upstream).backward();

  double worst = 0;
  for (int64_t i = 0; i < N; ++i)
    for (int64_t c = 0; c < C; ++c) {
      const double a = ab.at({i, c}), b = ab.at({i, C + c}), g = upstream.at({i, c});
      const double s = 1 / (1 + std::exp(-b)), th = std::tanh(a);
      worst = std::max(worst, std::fabs(g * (1 - th * th) * s - ab.grad().at({i, c})));
      worst = std::max(worst, std::fabs(g * th * s * (1 - s) - ab.grad().at({i, C + c})));
    }
  std::printf("the formulas equal autograd's gradient to 1e-12: %s\n",
              worst < 1e-12 ? "yes" : "NO");
  // doc-end solution
  return 0;
}
