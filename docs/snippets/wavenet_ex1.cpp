// The paper's WaveNet, exercise 1: the receptive field of the paper's audio stack, in samples
// and in milliseconds.
#include <cstdio>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // dilations 1, 2, ..., 512 repeated three times, kernel 2, after a causal input conv of kernel 2
  std::vector<ConvSpec> stack = {{2, 1}};
  for (int repeat = 0; repeat < 3; ++repeat)
    for (int64_t d = 1; d <= 512; d *= 2) stack.push_back({2, d});
  const int64_t field = receptive_field(stack);
  std::printf("%zu convolutions, receptive field %lld samples\n", stack.size(),
              static_cast<long long>(field));
  for (double rate : {16000.0, 24000.0})
    std::printf("at %.0f Hz: %.1f ms of audio\n", rate, 1000.0 * static_cast<double>(field) / rate);
  // one block of 1 .. 512 alone: 1 + 1023 = 1024 samples, the paper's example
  std::vector<ConvSpec> one(stack.begin() + 1, stack.begin() + 11);
  std::printf("one block of ten: %lld samples\n", static_cast<long long>(receptive_field(one)));
  // doc-end solution
  return 0;
}
