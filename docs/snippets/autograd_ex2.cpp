// Autograd, exercise 2: micrograd's neuron, y = tanh(w . x + b), differentiated by hand and by
// the engine.
#include <cmath>
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  Tensor x = tensor({2.0, -1.0, 0.5}, {}, DType::Float64);
  Tensor w = tensor({-0.3, 0.8, 1.2}, {}, DType::Float64);
  Tensor b = tensor({0.4}, {}, DType::Float64);
  w.requires_grad_();
  b.requires_grad_();
  Tensor y = tanh(sum(w * x) + b);  // 0-d, like b
  y.backward();
  // by hand: dy/dn = 1 - tanh(n)^2 with n = w . x + b; dy/dw_i = dy/dn * x_i; dy/db = dy/dn
  const double n = -0.3 * 2.0 + 0.8 * -1.0 + 1.2 * 0.5 + 0.4, dn = 1 - std::tanh(n) * std::tanh(n);
  std::printf("n = %.2f, y = %.4f, dy/dn = %.4f\n", n, y.item(), dn);
  for (int64_t i = 0; i < 3; ++i)
    std::printf("dy/dw%lld: engine %.4f, by hand %.4f\n", static_cast<long long>(i),
                w.grad().at({i}), dn * x.at({i}));
  std::printf("dy/db:  engine %.4f, by hand %.4f\n", b.grad().item(), dn);
  // doc-end solution
  return 0;
}
