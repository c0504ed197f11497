// The paper's WaveNet, chapter 8: the receptive field counts the input convolution too.
#include <cstdio>
#include <algorithm>
#include <string>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

int main() {
  output_region("begin", "formula");
  // doc-begin formula
  // The forecaster's default for a 50-step window: two stacks of dilations 1, 2, 4, 8, 16.
  std::vector<ConvSpec> blocks;
  for (int stack = 0; stack < 2; ++stack)
    for (int64_t d : {1, 2, 4, 8, 16}) blocks.push_back({2, d});
  std::vector<ConvSpec> with_input = {{2, 1}};  // the causal input convolution, kernel 2
  with_input.insert(with_input.end(), blocks.begin(), blocks.end());
  std::printf("the ten dilated blocks alone:      %lld\n",
              static_cast<long long>(receptive_field(blocks)));
  std::printf("with the input convolution first:  %lld\n",
              static_cast<long long>(receptive_field(with_input)));
  // doc-end formula
  output_region("end", "formula");

  output_region("begin", "autograd");
  // doc-begin autograd
  Generator gen(3);
  forecast::WaveNet net({.channels = 4, .skip_channels = 4, .stacks = 2, .layers_per_stack = 5,
                         .dtype = DType::Float64}, gen);
  const int64_t T = 80;
  Tensor x = gen.normal({1, T, 1}, 0, 1, DType::Float64);
  x.requires_grad_();
  sum(select(net(x), 1, T - 1)).backward();  // the forecast after the last step
  int64_t seen = 0, first = T;
  for (int64_t t = 0; t < T; ++t)
    if (x.grad().at({0, t, 0}) != 0) {
      ++seen;
      first = std::min(first, t);
    }
  std::printf("net.receptive_field() = %lld; the last output depends on %lld steps, %lld..%lld\n",
              static_cast<long long>(net.receptive_field()), static_cast<long long>(seen),
              static_cast<long long>(first), static_cast<long long>(T - 1));
  // doc-end autograd
  output_region("end", "autograd");
  return 0;
}
