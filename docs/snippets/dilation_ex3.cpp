// Dilation, exercise 3: kernel 3 with dilations 1, 3, 9 covers 27 steps, each exactly once;
// checked with autograd as in the chapter.
#include <cstdio>
#include <memory>
#include <string>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  Generator gen(0);
  Sequential stack;
  for (int64_t d : {1, 3, 9})
    stack.add(std::make_shared<Conv1d>(
        1, 1, 3, Conv1dOptions{.dilation = d, .padding = Padding::Causal, .bias = false,
                               .dtype = DType::Float64},
        gen));
  const int64_t T = 32;
  // all weights 1: the gradient at each input counts the paths from it to the last output
  for (Tensor p : stack.parameters())  // a handle: writing through it changes the layer's weight
    for (int64_t i = 0; i < p.numel(); ++i) p.set_flat(i, 1.0);
  Tensor x = gen.normal({1, T, 1}, 0, 1, DType::Float64);
  x.requires_grad_();
  sum(select(stack(x), 1, T - 1)).backward();
  std::string paths;
  for (int64_t t = 0; t < T; ++t) paths += static_cast<char>('0' + x.grad().at({0, t, 0}));
  std::printf("receptive_field: %lld\npaths from each input step to the last output: %s\n",
              static_cast<long long>(receptive_field(stack)), paths.c_str());
  // doc-end solution
  return 0;
}
