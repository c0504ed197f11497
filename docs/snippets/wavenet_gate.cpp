// The paper's WaveNet, chapter 8: one gated residual block computed op by op, checked against
// the library's wavenet_block, then conditioned globally (one vector per series) and locally (a
// second, slower series).
#include <algorithm>
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

namespace {
double largest_difference(const Tensor& a, const Tensor& b) {
  return max(flatten(abs(a - b)), 0).item();
}
}  // namespace

int main() {
  output_region("begin", "gate");
  // doc-begin gate
  Generator gen(7);
  const int64_t B = 2, T = 10, C = 4, S = 3, d = 2;  // batch, steps, channels, skip channels
  const DType f64 = DType::Float64;
  Tensor x = gen.normal({B, T, C}, 0, 1, f64);             // the block's input
  Tensor dilated_w = gen.normal({2, C, 2 * C}, 0, 0.5, f64);  // kernel 2: [W_f | W_g]
  Tensor dilated_b = gen.normal({2 * C}, 0, 0.1, f64);
  Tensor out_w = gen.normal({1, C, C + S}, 0, 0.5, f64);      // the 1x1: [residual | skip]
  Tensor out_b = gen.normal({C + S}, 0, 0.1, f64);

  // z = tanh(W_f * x) . sigmoid(W_g * x), where * is a causal convolution of dilation d
  Tensor both = conv1d(x, dilated_w, dilated_b, 1, d, Padding::Causal);  // (B, T, 2C)
  Tensor filter = narrow(both, 2, 0, C), gate = narrow(both, 2, C, C);    // (B, T, C) each
  Tensor z = tanh(filter) * sigmoid(gate);
  Tensor rs = conv1d(z, out_w, out_b);                                    // (B, T, C + S)
  Tensor residual = x + narrow(rs, 2, 0, C);  // the next block's input
  Tensor skip = narrow(rs, 2, C, S);          // summed over all blocks into the head

  forecast::WaveNetBlockOutput block =
      forecast::wavenet_block(x, dilated_w, dilated_b, out_w, out_b, d);  // the library's block
  std::printf("z %s, residual %s, skip %s\n", to_string(z.shape()).c_str(),
              to_string(residual.shape()).c_str(), to_string(skip.shape()).c_str());
  const double block_diff = std::max(largest_difference(residual, block.residual),
                                     largest_difference(skip, block.skip));
  std::printf("by hand = wavenet_block to 1e-12: %s\n", block_diff < 1e-12 ? "yes" : "NO");
  std::printf("gated_activation(both) = tanh . sigmoid to 1e-12: %s\n",
              largest_difference(gated_activation(both), z) < 1e-12 ? "yes" : "NO");
  // doc-end gate
  output_region("end", "gate");

  output_region("begin", "conditioning");
  // doc-begin global
  // Global conditioning: one vector h per series (a speaker, a station), the same at every
  // step. z = tanh(W_f * x + V_f h) . sigmoid(W_g * x + V_g h): V h is added to both halves.
  const int64_t H = 5;
  Tensor h = gen.normal({B, H}, 0, 1, f64);             // (B, H)
  Tensor V = gen.normal({2 * C, H}, 0, 0.5, f64);       // linear's layout (out, in): [V_f; V_g]
  Tensor shift = unsqueeze(linear(h, V), 1);            // (B, 1, 2C): broadcast over T
  Tensor z_global = gated_activation(both + shift);     // (B, T, C)
  std::printf("global: h %s -> V h %s, z %s\n", to_string(h.shape()).c_str(),
              to_string(shift.shape()).c_str(), to_string(z_global.shape()).c_str());
  // doc-end global

  // doc-begin local
  // Local conditioning: a second series y at a lower rate (here one value per 5 steps), brought
  // to the input's rate, then a 1x1 convolution to 2C channels added to both halves per step.
  const int64_t every = 5, Cy = 3;
  Tensor y = gen.normal({B, T / every, Cy}, 0, 1, f64);          // (B, 2, Cy)
  Tensor up = reshape(expand(unsqueeze(y, 2), {B, T / every, every, Cy}), {B, T, Cy});
  Tensor Wy = gen.normal({1, Cy, 2 * C}, 0, 0.5, f64);           // 1x1 conv, Cy -> 2C
  Tensor z_local = gated_activation(both + conv1d(up, Wy, Tensor()));
  std::printf("local: y %s -> upsampled %s -> z %s\n", to_string(y.shape()).c_str(),
              to_string(up.shape()).c_str(), to_string(z_local.shape()).c_str());
  // doc-end local
  output_region("end", "conditioning");
  return 0;
}
