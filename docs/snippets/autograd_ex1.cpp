// Autograd, exercise 1: a value used twice. L = x * x + x at x = 3.
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // By hand: dL/dx = 2x + 1 = 7. The graph uses x three times (twice in mul, once in add), and
  // the engine adds the three contributions: 3 + 3 from mul, 1 from add.
  Tensor x = tensor({3}, {}, DType::Float64);
  x.requires_grad_();
  Tensor L = x * x + x;
  L.backward();
  std::printf("L = %.0f, dL/dx = %.0f\n", L.item(), x.grad().item());
  // a second backward through a new graph adds to .grad unless it is zeroed first
  (x * x + x).backward();
  std::printf("after a second backward without zero_grad: %.0f\n", x.grad().item());
  x.zero_grad();
  (x * x + x).backward();
  std::printf("after zero_grad and backward: %.0f\n", x.grad().item());
  // doc-end solution
  return 0;
}
