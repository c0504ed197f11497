// Chapter 10: the matrix products a makemore training step and a forecast convolution hand to BLAS.
#include <cstdio>
#include <memory>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin makemore
  // Run a batch of 32 contexts through the WaveNet layer by layer; every Linear is one GEMM
  // (M x K) @ (K x N) with all leading dims folded into M = batch * positions.
  Generator gen(42);
  auto model = makemore::make_model({.kind = makemore::ModelKind::WaveNet}, gen);
  auto& layers = dynamic_cast<Sequential&>(*model);
  NoGradGuard no_grad;
  Tensor x = gen.randint(0, 27, {32, 8});
  double flops = 0;
  for (size_t i = 0; i < layers.size(); ++i) {
    Tensor in = x;
    x = layers[i](x);
    if (auto* linear = dynamic_cast<Linear*>(&layers[i])) {
      const int64_t K = linear->weight.size(1), N = linear->weight.size(0), M = in.numel() / K;
      std::printf("%-28s (%3lld x %3lld) @ (%3lld x %3lld)\n", linear->describe().c_str(),
                  static_cast<long long>(M), static_cast<long long>(K), static_cast<long long>(K),
                  static_cast<long long>(N));
      flops += 3 * 2.0 * M * K * N;  // forward, input gradient, weight gradient
    }
  }
  std::printf("matrix products per training step: %.1f MFLOP\n", flops / 1e6);
  // doc-end makemore

  // doc-begin conv
  // The forecast tutorial's second convolution: x (32, 50, 64), kernel 2, dilation 2, causal.
  // im2col copies the K taps of every output step side by side: cols (B * T_out, K * C_in);
  // the weight (K, C_in, C_out) is already a (K * C_in, C_out) matrix, so y = cols @ weight.
  const int64_t B = 32, T = 50, C_in = 64, C_out = 64, K = 2;
  const Conv1dGeometry g = conv1d_geometry(T, K, 1, 2, Padding::Causal);
  std::printf("conv1d: pad %lld left, cols (%lld x %lld) @ weight (%lld x %lld) -> y (%lld, %lld, %lld)\n",
              static_cast<long long>(g.pad_left), static_cast<long long>(B * g.out_length),
              static_cast<long long>(K * C_in), static_cast<long long>(K * C_in),
              static_cast<long long>(C_out), static_cast<long long>(B),
              static_cast<long long>(g.out_length), static_cast<long long>(C_out));
  // doc-end conv
  return 0;
}
