/// @file
/// 1-d convolution over sequences: the functional op conv1d and the Conv1d module.
///
/// Layouts (channels last, as in Keras):
/// @code{.unparsed}
///   x:      (B, T, C_in)        a batch of B sequences of T steps with C_in channels
///   weight: (K, C_in, C_out)    Keras's kernel layout: weight[k, i, o] links input channel i at
///                               tap k to output channel o (PyTorch stores (C_out, C_in, K))
///   bias:   (C_out,)            optional
///   y:      (B, T_out, C_out)
/// @endcode
/// with
/// @code{.unparsed}
///   y[b, t, o] = bias[o] + sum_{k, i} weight[k, i, o] * xpad[b, t * stride + k * dilation, i]
/// @endcode
/// where xpad is x with pad_left zeros before it and pad_right zeros after it.
///
/// Padding, and the output length it gives (d = dilation, s = stride, K = kernel size):
/// @code{.unparsed}
///   Valid   no padding;                T_out = floor((T - d * (K - 1) - 1) / s) + 1
///   Same    Keras / TensorFlow rule;   T_out = ceil(T / s), total = max((T_out - 1) * s +
///           d * (K - 1) + 1 - T, 0), pad_left = total / 2, pad_right = total - pad_left
///           (so an even kernel pads one more step on the right)
///   Causal  pad_left = d * (K - 1), pad_right = 0, stride 1 only; T_out = T, and y[t]
///           depends on x[0..t] only
/// @endcode
///
/// @code{.cpp}
///   Generator gen(42);
///   Conv1d conv(1, 64, 2, {.dilation = 4, .padding = Padding::Causal}, gen);
///   Tensor y = conv(x);   // x (32, 50, 1) -> y (32, 50, 64)
/// @endcode
#pragma once

#include <cstdint>
#include <string>

#include "../core/generator.h"
#include "init.h"
#include "module.h"

namespace ripple {

/// How conv1d pads its input: see conv1d.h for the output length of each.
enum class Padding { Valid, Same, Causal };

const char* padding_name(Padding padding);  ///< "valid", "same", "causal"

/// Where the output of a convolution falls on its input.
struct Conv1dGeometry {
  int64_t out_length;  ///< T_out
  int64_t pad_left;    ///< zeros read before x[0]
  int64_t pad_right;   ///< zeros read after x[T - 1]
};

/// T_out and the padding for an input of `length` steps. Throws ripple::Error (naming `op`) for
/// kernel_size, stride or dilation below 1, causal padding with stride > 1, or an input too short
/// for valid padding.
Conv1dGeometry conv1d_geometry(int64_t length, int64_t kernel_size, int64_t stride,
                               int64_t dilation, Padding padding, const char* op = "conv1d");

/// The differentiable convolution (im2col + one GEMM; gradients for x, weight and bias).
/// x (B, T, C_in), weight (K, C_in, C_out), bias (C_out,) or undefined -> (B, T_out, C_out).
/// All tensors float32 or all float64. Throws ripple::Error naming the shapes on a wrong rank,
/// a channel mismatch, a bias of the wrong size, a dtype mismatch, and as conv1d_geometry.
Tensor conv1d(const Tensor& x, const Tensor& weight, const Tensor& bias, int64_t stride = 1,
              int64_t dilation = 1, Padding padding = Padding::Valid);

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
  const Tensor& weight() const { return weight_; }  ///< (K, C_in, C_out)
  const Tensor& bias() const { return bias_; }  ///< undefined without bias

 private:
  int64_t in_channels_, out_channels_, kernel_size_;
  Conv1dOptions options_;
  Tensor weight_, bias_;
};

}  // namespace ripple
