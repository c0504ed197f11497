// Chapter 7: the lecture's flat MLP and hierarchical WaveNet, as ripple builds them.
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so README can show the WaveNet's table alone
// (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

int main() {
  output_region("begin", "mlp");
  // doc-begin mlp
  Generator gen(42);
  // the flat baseline: 3 characters of context, embedding 10, hidden 200 (the app's mlp defaults)
  auto mlp = makemore::make_model(
      {.kind = makemore::ModelKind::Mlp, .block_size = 3, .embd = 10, .hidden = 200}, gen);
  std::printf("%s", summary(*mlp, {32, 3}, DType::Int64).c_str());
  // doc-end mlp
  output_region("end", "mlp");
  std::printf("\n");
  output_region("begin", "wavenet");
  // doc-begin wavenet
  // the hierarchical WaveNet: 8 characters, merged two at a time over three levels
  auto wavenet = makemore::make_model({.kind = makemore::ModelKind::WaveNet}, gen);
  std::printf("%s", summary(*wavenet, {32, 8}, DType::Int64).c_str());
  // doc-end wavenet
  output_region("end", "wavenet");
  return 0;
}
