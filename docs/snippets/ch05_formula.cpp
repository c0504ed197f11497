// Chapter 5: the receptive-field formula, with and without strides.
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin formula
  // Each layer adds (kernel - 1) * dilation steps, scaled by the strides of the layers below it.
  std::printf("kernel 2, dilations 1 2 4 8:       %lld\n",
              static_cast<long long>(receptive_field({{2, 1}, {2, 2}, {2, 4}, {2, 8}})));
  std::printf("the same block twice:              %lld\n",
              static_cast<long long>(receptive_field(
                  {{2, 1}, {2, 2}, {2, 4}, {2, 8}, {2, 1}, {2, 2}, {2, 4}, {2, 8}})));
  std::printf("kernel 3, stride 2, three layers:  %lld\n",
              static_cast<long long>(receptive_field({{3, 1, 2}, {3, 1, 2}, {3, 1, 2}})));
  // doc-end formula
  return 0;
}
