// Causal convolution, exercise 1: output lengths and paddings, predicted and then asked.
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // T = 20 steps, kernel 4, stride 1, dilation 1: a window spans 4 steps.
  //   valid:  20 - 4 + 1 = 17 outputs, no padding
  //   same:   20 outputs, 3 zeros split 1 left + 2 right (an even kernel pads more on the right)
  //   causal: 20 outputs, 3 zeros on the left
  for (Padding padding : {Padding::Valid, Padding::Same, Padding::Causal}) {
    Conv1dGeometry g = conv1d_geometry(20, 4, 1, 1, padding);
    std::printf("%-6s T_out %2lld, pad %lld + %lld\n", padding_name(padding),
                static_cast<long long>(g.out_length), static_cast<long long>(g.pad_left),
                static_cast<long long>(g.pad_right));
  }
  // doc-end solution
  return 0;
}
