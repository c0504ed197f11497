/// @file
/// Conv1d: the layer that owns a 1-d convolution's kernel and bias and calls the conv1d op
/// (autograd/ops.h, where the layouts and the padding rules are spelled out).
///
/// Layouts (channels last, as in Keras): x (B, T, C_in) -> y (B, T_out, C_out); the kernel is
/// (K, C_in, C_out).
///
/// @code{.cpp}
///   Generator gen(42);
///   Conv1d conv(1, 64, 2, {.dilation = 4, .padding = Padding::Causal}, gen);
///   Tensor y = conv(x);   // x (32, 50, 1) -> y (32, 50, 64)
/// @endcode
#pragma once

#include <cstdint>
#include <string>

#include "../autograd/ops.h"
#include "../core/generator.h"
#include "init.h"
#include "module.h"

namespace ripple {

/// Conv1d's settings besides its sizes.
struct Conv1dOptions {
  int64_t stride = 1;
  int64_t dilation = 1;
  Padding padding = Padding::Valid;  ///< Keras's and PyTorch's default
  bool bias = true;                  ///< add a learned bias
  Init init = Init::PyTorch;  ///< fan_in = K * C_in, fan_out = K * C_out (see layers/init.h)
  DType dtype = DType::Float32;
};

/// A Conv1d layer with parameters "weight" (K, C_in, C_out) and, if options.bias, "bias" (C_out,).
/// Maps (B, T, C_in) to (B, T_out, C_out). The constructor throws ripple::Error on sizes below 1
/// and on causal padding with stride > 1.
class Conv1d : public Module {
 public:
  /// Draws the weights (and bias) from `gen` with options.init.
  Conv1d(int64_t in_channels, int64_t out_channels, int64_t kernel_size, Conv1dOptions options,
         Generator& gen);

  Tensor forward(const Tensor& x) override;
  /// "Conv1d(1, 64, kernel_size=2, dilation=4, padding=causal)": options only when not default.
  std::string describe() const override;

  int64_t in_channels() const { return in_channels_; }
  int64_t out_channels() const { return out_channels_; }
  int64_t kernel_size() const { return kernel_size_; }
  const Conv1dOptions& options() const { return options_; }

  Tensor weight;  ///< (K, C_in, C_out)
  Tensor bias;    ///< (C_out,), undefined without bias

 private:
  int64_t in_channels_, out_channels_, kernel_size_;
  Conv1dOptions options_;
};

}  // namespace ripple
