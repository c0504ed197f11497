// Dilation, exercise 1: receptive fields of a few stacks, by formula and by receptive_field().
#include <cstdio>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // 1 + sum of (k - 1) * d:
  //   kernel 3, dilations 1 2 4 8:        1 + 2 * 15 = 31
  //   kernel 2, dilations 1 .. 256 (9):    1 + 511 = 512
  //   kernel 2, no dilation, 15 layers:    1 + 15 = 16, the reach of dilations 1 2 4 8 at 4x the depth
  std::printf("kernel 3, dilations 1 2 4 8:     %lld\n",
              static_cast<long long>(receptive_field({{3, 1}, {3, 2}, {3, 4}, {3, 8}})));
  std::vector<ConvSpec> nine, plain(15, ConvSpec{2, 1});
  for (int64_t d = 1; d <= 256; d *= 2) nine.push_back({2, d});
  std::printf("kernel 2, dilations 1 .. 256:    %lld\n", static_cast<long long>(receptive_field(nine)));
  std::printf("kernel 2, 15 undilated layers:   %lld\n", static_cast<long long>(receptive_field(plain)));
  // doc-end solution
  return 0;
}
