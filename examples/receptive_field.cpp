// Build the Keras tutorial's stack of causal dilated convolutions and measure what it sees.
//
// Four Conv1d layers with kernel 2 and dilations 1, 2, 4, 8. The formula says the last layer's
// output at step t sees 1 + (2 - 1) * (1 + 2 + 4 + 8) = 16 input steps: t - 15 .. t. The program
// checks that with autograd: it differentiates the output at the last step with respect to the
// input and prints which input steps have a non-zero gradient.
#include <cstdio>
#include <memory>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  Generator gen(0);
  Sequential stack;
  for (int64_t dilation : {1, 2, 4, 8})
    stack.add(std::make_shared<Conv1d>(dilation == 1 ? 1 : 16, 16, 2,
                                       Conv1dOptions{.dilation = dilation, .padding = Padding::Causal},
                                       gen));
  const int64_t T = 24;
  std::printf("%s", summary(stack, {1, T, 1}).c_str());
  std::printf("receptive field by the formula: %lld steps\n",
              static_cast<long long>(receptive_field(stack)));

  Tensor x = gen.normal({1, T, 1});  // (B, T, C): one series of T steps, one channel
  x.requires_grad_();
  Tensor y = stack(x);                                  // (1, T, 16): causal padding keeps T
  sum(select(y, 1, T - 1)).backward();                  // d(output at the last step) / d x
  int64_t first = -1, seen = 0;
  for (int64_t t = 0; t < T; ++t)
    if (x.grad().at({0, t, 0}) != 0) {
      if (first < 0) first = t;
      ++seen;
    }
  std::printf("the output at step %lld depends on input steps %lld..%lld: %lld steps\n",
              static_cast<long long>(T - 1), static_cast<long long>(first),
              static_cast<long long>(T - 1), static_cast<long long>(seen));
  return 0;
}
