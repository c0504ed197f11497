// Chapter 5: the receptive field of a causal dilated stack, by formula and by autograd.
#include <cstdio>
#include <memory>
#include <string>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin stack
  Generator gen(0);
  Sequential stack;  // four causal convolutions, 16 channels (chapter 9's forecaster has 64)
  for (int64_t dilation : {1, 2, 4, 8})
    stack.add(std::make_shared<Conv1d>(dilation == 1 ? 1 : 16, 16, 2,
                                       Conv1dOptions{.dilation = dilation, .padding = Padding::Causal},
                                       gen));
  std::printf("receptive_field(stack) = %lld\n", static_cast<long long>(receptive_field(stack)));
  // doc-end stack

  // doc-begin autograd
  const int64_t T = 24;
  Tensor x = gen.normal({1, T, 1});  // one series of 24 steps, one channel
  x.requires_grad_();
  Tensor y = stack(x);                  // (1, 24, 16): causal padding keeps the length
  sum(select(y, 1, T - 1)).backward();  // d(output at the last step) / d(every input step)
  std::string seen;
  int64_t count = 0;
  for (int64_t t = 0; t < T; ++t) {
    const bool used = x.grad().at({0, t, 0}) != 0;
    seen += used ? '#' : '.';
    count += used;
  }
  std::printf("input steps 0..%lld: %s\n", static_cast<long long>(T - 1), seen.c_str());
  std::printf("the last output depends on %lld of them\n", static_cast<long long>(count));
  // doc-end autograd
  return 0;
}
