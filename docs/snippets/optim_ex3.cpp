// Losses and optimisation, exercise 3: Nesterov momentum by hand, against ripple's SGD.
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // loss = sum(c * p^2), a valley 5 times steeper along p[1] than along p[0]
  Tensor c = tensor({1.0, 5.0}, {2}, DType::Float64);
  Tensor p = tensor({1.0, 1.0}, {2}, DType::Float64);
  p.requires_grad_();
  SGD opt({p}, 0.05, {.momentum = 0.9, .nesterov = true});
  Tensor q = tensor({1.0, 1.0}, {2}, DType::Float64), buf;  // the same, by hand
  for (int t = 1; t <= 5; ++t) {
    opt.zero_grad();
    sum(c * p * p).backward();
    opt.step();
    Tensor g = 2.0 * c * q;                    // d loss / d q
    buf = t == 1 ? g : 0.9 * buf + g;          // b = mu * b + g  (b = g at the first step)
    q = q - 0.05 * (g + 0.9 * buf);            // Nesterov: step along g + mu * b
    const double diff = max(abs(p.detach() - q), 0).item();
    std::printf("step %d  p = (%8.5f, %8.5f)  by hand the same to 1e-12: %s\n", t, p.at({0}),
                p.at({1}), diff < 1e-12 ? "yes" : "NO");
  }
  // doc-end solution
  return 0;
}
