// Fit a line with autograd: recover y = 3x + 2 from 100 noisy points by gradient descent.
//
// Everything a training loop needs in twenty lines: parameters that ask for gradients, a loss
// built from ops, backward(), and an optimizer that moves the parameters against the gradient.
#include <cstdio>

#include <ripple/ripple.h>

int main() {
  using namespace ripple;
  Generator gen(0);
  Tensor x = gen.uniform({100, 1}, -1, 1);            // (N, 1)
  Tensor y = 3 * x + 2 + gen.normal({100, 1}, 0, 0.1);  // (N, 1): the line plus noise

  Tensor w = zeros({1, 1}), b = zeros({1});
  w.requires_grad_();
  b.requires_grad_();
  SGD opt({w, b}, 0.1);
  for (int step = 1; step <= 200; ++step) {
    Tensor loss = mean(pow(matmul(x, w) + b - y, 2));  // mean squared error
    opt.zero_grad();
    loss.backward();  // fills w.grad() and b.grad()
    opt.step();       // w -= 0.1 * w.grad(), and the same for b
    if (step == 1 || step % 50 == 0) std::printf("step %3d  loss %.5f\n", step, loss.item());
  }
  std::printf("y = %.3f x + %.3f  (the data: y = 3x + 2, noise 0.1)\n", w.item(), b.item());
  return 0;
}
