// Chapter 4: valid, same and causal padding on the Keras tutorial's example, computed by conv1d;
// chapter 5 shows the region dilation.
#include <cstdio>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

// Prints a (1, T, 1) sequence as a list.
static void print_sequence(const char* label, const Tensor& y) {
  std::printf("%-22s [", label);
  for (int64_t t = 0; t < y.size(1); ++t) std::printf(t ? ", %.0f" : "%.0f", y.at({0, t, 0}));
  std::printf("]\n");
}

int main() {
  output_region("begin", "padding");
  // doc-begin padding
  Tensor x = reshape(tensor({1, 2, 3, 4, 5}), {1, 5, 1});  // (B, T, C) = (1, 5, 1)
  Tensor w = ones({3, 1, 1});  // (K, C_in, C_out): kernel size 3, all weights 1, no bias
  for (Padding padding : {Padding::Valid, Padding::Same, Padding::Causal}) {
    Conv1dGeometry g = conv1d_geometry(5, 3, 1, 1, padding);  // the zeros added on each side
    char label[64];
    std::snprintf(label, sizeof label, "%s (pad %lld + %lld)", padding_name(padding),
                  static_cast<long long>(g.pad_left), static_cast<long long>(g.pad_right));
    print_sequence(label, conv1d(x, w, Tensor(), 1, 1, padding));
  }
  // doc-end padding
  output_region("end", "padding");

  output_region("begin", "dilation");
  // doc-begin dilation
  // dilation 2: taps t - 4, t - 2, t; causal padding is (K - 1) * d = 4 zeros on the left
  print_sequence("causal, d = 2", conv1d(x, w, Tensor(), 1, 2, Padding::Causal));
  // doc-end dilation
  output_region("end", "dilation");

  output_region("begin", "future");
  // doc-begin future
  Tensor changed = reshape(tensor({1, 2, 3, 4, 100}), {1, 5, 1});  // only the last step differs
  print_sequence("same", conv1d(changed, w, Tensor(), 1, 1, Padding::Same));
  print_sequence("causal", conv1d(changed, w, Tensor(), 1, 1, Padding::Causal));
  // doc-end future
  output_region("end", "future");

  output_region("begin", "layer");
  // doc-begin layer
  Generator gen(0);
  Conv1d conv(2, 4, 3, {.padding = Padding::Causal}, gen);  // 2 channels in, 4 out, kernel 3
  Tensor batch = gen.normal({8, 20, 2});                    // (B, T, C_in) = (8, 20, 2)
  std::printf("%s: weight %s, bias %s, %s -> %s\n", conv.describe().c_str(),
              to_string(conv.weight.shape()).c_str(), to_string(conv.bias.shape()).c_str(),
              to_string(batch.shape()).c_str(), to_string(conv(batch).shape()).c_str());
  // doc-end layer
  output_region("end", "layer");
  return 0;
}
