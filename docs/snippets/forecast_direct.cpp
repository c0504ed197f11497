// Chapter 9: the direct WaveNet for ETTh2 (336 steps in, 96 out), whose blocks are computed only
// where the last step needs them: the summary shows each block's output shrink.
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin summary
  Generator gen(0);
  // the app's model for --window 336 --horizon 96 --model wavenet on a CSV: one stack, direct head
  auto model = forecast::make_model(
      {.kind = "wavenet", .window = 336, .outputs = 96, .stacks = 1, .direct = true}, gen);
  std::printf("%s", summary(*model, {32, 336, 1}).c_str());
  // doc-end summary
  return 0;
}
