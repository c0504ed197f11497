// Chapter 7: the lecture's flat MLP and hierarchical WaveNet, as ripple builds them.
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin models
  Generator gen(42);
  // the flat baseline: 3 characters of context, embedding 10, hidden 200 (the app's mlp defaults)
  auto mlp = makemore::make_model(
      {.kind = makemore::ModelKind::Mlp, .block_size = 3, .embd = 10, .hidden = 200}, gen);
  std::printf("%s\n", summary(*mlp, {32, 3}, DType::Int64).c_str());
  // the hierarchical WaveNet: 8 characters, merged two at a time over three levels
  auto wavenet = makemore::make_model({.kind = makemore::ModelKind::WaveNet}, gen);
  std::printf("%s", summary(*wavenet, {32, 8}, DType::Int64).c_str());
  // doc-end models
  return 0;
}
