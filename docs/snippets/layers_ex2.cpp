// Layers, exercise 2: BatchNorm1d's running statistics converge to the data's, and then eval
// mode gives what train mode gives.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // Data: 3 channels with means 5, -2, 0 and standard deviations 2, 0.5, 1.
  Generator gen(1);
  const Tensor means = tensor({5, -2, 0}), stds = tensor({2, 0.5, 1});
  auto batch = [&] { return gen.normal({64, 3}) * stds + means; };  // (64, 3)
  BatchNorm1d bn(3);
  NoGradGuard no_grad;
  for (int step = 1; step <= 100; ++step) {
    bn.train();
    bn(batch());  // each training call moves the running statistics 10% towards the batch's
    if (step == 1 || step == 10 || step == 100)
      std::printf("after %3d batches: running mean %5.2f %5.2f %5.2f, running var %5.2f %5.2f %5.2f\n",
                  step, bn.running_mean.at({0}), bn.running_mean.at({1}), bn.running_mean.at({2}),
                  bn.running_var.at({0}), bn.running_var.at({1}), bn.running_var.at({2}));
  }
  Tensor x = batch();
  bn.train();
  Tensor in_train = bn(x);
  bn.eval();
  Tensor in_eval = bn(x);
  std::printf("largest |train - eval| on a new batch: %.2f (a batch's own statistics are noisy)\n",
              std::round(100 * max(flatten(abs(in_train - in_eval)), 0).item()) / 100);
  // doc-end solution
  return 0;
}
