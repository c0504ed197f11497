// Dilation, exercise 2: the fewest doubling layers that cover a window.
#include <cstdio>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // One stack of kernel-2 layers with dilations 1, 2, ..., 2^(L-1) sees 2^L steps; to cover W
  // steps, L = ceil(log2(W)). For the ETTh2 window of 336 steps that is 9 (512 steps).
  for (int64_t window : {16, 50, 336, 720}) {
    std::vector<ConvSpec> stack;
    for (int64_t d = 1; receptive_field(stack) < window; d *= 2) stack.push_back({2, d});
    std::printf("window %3lld: %zu layers, receptive field %lld\n", static_cast<long long>(window),
                stack.size(), static_cast<long long>(receptive_field(stack)));
  }
  // doc-end solution
  return 0;
}
