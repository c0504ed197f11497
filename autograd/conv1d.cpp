// conv1d as im2col + one GEMM (as ggml does it), and its gradient.
//
// Letters: B batch, T input steps, T_out output steps, K kernel taps, C_in / C_out channels.
// Forward:
//   cols (B * T_out, K * C_in): row (b, t), block k = xpad[b, t * stride + k * dilation, :]
//                               (zeros where the padding is read)
//   y    (B * T_out, C_out)    = cols @ W,  W = weight viewed as (K * C_in, C_out)
//   y   += bias                  (each row)
// Backward, with G = dL/dy viewed as (B * T_out, C_out):
//   dW    = cols^T @ G           -> (K, C_in, C_out)
//   dcols = G @ W^T              then col2im: each block of dcols is added back onto the x step
//                                it was copied from (padding positions are dropped)
//   db    = sum of G over rows
// A kernel of 1 with stride 1 needs no im2col: cols is x itself viewed as (B * T, C_in).
#include <algorithm>
#include <vector>

#include "autograd/ops.h"
#include "core/kernels.h"
#include "core/loops.h"

namespace ripple {

const char* padding_name(Padding padding) {
  switch (padding) {
    case Padding::Valid: return "valid";
    case Padding::Same: return "same";
    case Padding::Causal: return "causal";
  }
  return "unknown";
}

void check_conv1d_config(int64_t kernel_size, int64_t stride, int64_t dilation, Padding padding,
                         const char* op_name) {
  const std::string op(op_name);
  if (kernel_size < 1)
    throw Error(op + ": kernel size must be >= 1, got " + std::to_string(kernel_size));
  if (stride < 1) throw Error(op + ": stride must be >= 1, got " + std::to_string(stride));
  if (dilation < 1) throw Error(op + ": dilation must be >= 1, got " + std::to_string(dilation));
  if (padding == Padding::Causal && stride != 1)
    throw Error(op + ": causal padding needs stride 1 (as in Keras), got stride " +
                std::to_string(stride));
}

Conv1dGeometry conv1d_geometry(int64_t length, int64_t kernel_size, int64_t stride,
                               int64_t dilation, Padding padding, const char* op) {
  check_conv1d_config(kernel_size, stride, dilation, padding, op);
  const int64_t span = dilation * (kernel_size - 1) + 1;  // input steps one output reads
  switch (padding) {
    case Padding::Valid:
      if (length < span)
        throw Error(std::string(op) + ": input of " + std::to_string(length) +
                    " steps is too short for kernel " + std::to_string(kernel_size) +
                    " with dilation " + std::to_string(dilation) +
                    " (valid padding needs at least " + std::to_string(span) + " steps)");
      return {(length - span) / stride + 1, 0, 0};
    case Padding::Same: {
      const int64_t out = (length + stride - 1) / stride;
      const int64_t total = std::max<int64_t>((out - 1) * stride + span - length, 0);
      return {out, total / 2, total - total / 2};
    }
    case Padding::Causal:
      return {length, span - 1, 0};
  }
  throw Error(std::string(op) + ": unknown padding");
}

namespace {

struct Dims {
  int64_t B, T, C_in, C_out, K, T_out, stride, dilation, pad_left;
};

// x (B, T, C_in) contiguous -> cols (B * T_out, K * C_in).
template <class R>
void im2col(const R* x, R* cols, const Dims& d) {
  const int64_t C = d.C_in, row_len = d.K * C;
  for (int64_t b = 0; b < d.B; ++b) {
    const R* xb = x + b * d.T * C;
    for (int64_t t = 0; t < d.T_out; ++t) {
      R* row = cols + (b * d.T_out + t) * row_len;
      const int64_t first = t * d.stride - d.pad_left;
      for (int64_t k = 0; k < d.K; ++k) {
        const int64_t src = first + k * d.dilation;
        R* dst = row + k * C;
        if (src >= 0 && src < d.T) std::copy_n(xb + src * C, C, dst);
        else std::fill_n(dst, C, R(0));
      }
    }
  }
}

// The adjoint of im2col: dx (B, T, C_in), zeroed by the caller, += dcols (B * T_out, K * C_in).
template <class R>
void col2im(const R* dcols, R* dx, const Dims& d) {
  const int64_t C = d.C_in, row_len = d.K * C;
  for (int64_t b = 0; b < d.B; ++b) {
    R* xb = dx + b * d.T * C;
    for (int64_t t = 0; t < d.T_out; ++t) {
      const R* row = dcols + (b * d.T_out + t) * row_len;
      const int64_t first = t * d.stride - d.pad_left;
      for (int64_t k = 0; k < d.K; ++k) {
        const int64_t src = first + k * d.dilation;
        if (src < 0 || src >= d.T) continue;
        R* __restrict dst = xb + src * C;
        const R* __restrict from = row + k * C;
        for (int64_t c = 0; c < C; ++c) dst[c] += from[c];
      }
    }
  }
}

void check_inputs(const Tensor& x, const Tensor& weight, const Tensor& bias) {
  if (x.dim() != 3)
    throw Error("conv1d: expected input (B, T, C_in), got " + to_string(x.shape()));
  if (weight.dim() != 3)
    throw Error("conv1d: expected weight (K, C_in, C_out), got " + to_string(weight.shape()));
  if (x.size(2) != weight.size(1))
    throw Error("conv1d: input " + to_string(x.shape()) + " has " + std::to_string(x.size(2)) +
                " channels, weight " + to_string(weight.shape()) + " expects " +
                std::to_string(weight.size(1)));
  if (bias.defined() && (bias.dim() != 1 || bias.size(0) != weight.size(2)))
    throw Error("conv1d: bias " + to_string(bias.shape()) + " does not match weight " +
                to_string(weight.shape()) + " with " + std::to_string(weight.size(2)) +
                " output channels");
  if (x.dtype() != weight.dtype() || (bias.defined() && bias.dtype() != x.dtype()))
    throw Error(std::string("conv1d: dtype mismatch, input ") + dtype_name(x.dtype()) +
                ", weight " + dtype_name(weight.dtype()) +
                (bias.defined() ? std::string(", bias ") + dtype_name(bias.dtype()) : ""));
}

}  // namespace

Tensor conv1d(const Tensor& x, const Tensor& weight, const Tensor& bias, int64_t stride,
              int64_t dilation, Padding padding) {
  check_inputs(x, weight, bias);
  const int64_t K = weight.size(0);
  const Conv1dGeometry geo = conv1d_geometry(x.size(1), K, stride, dilation, padding);
  const Dims d{x.size(0), x.size(1), x.size(2), weight.size(2), K,
               geo.out_length, stride, dilation, geo.pad_left};
  const bool direct = K == 1 && stride == 1;  // cols would be x itself

  // x (B, T, C_in) -> cols (B * T_out, K * C_in); weight -> W (K * C_in, C_out)
  const Tensor xc = kernel::contiguous(x);
  const Tensor w = kernel::as_matrix(weight);
  Tensor cols;
  if (direct) {
    cols = kernel::as_matrix(xc);
  } else {
    cols = empty({d.B * d.T_out, K * d.C_in}, x.dtype());
    dispatch_float(x.dtype(), "conv1d",
                   [&]<class R>() { im2col(xc.data<R>(), cols.data<R>(), d); });
  }

  // y (B * T_out, C_out) = cols @ W + bias
  Tensor y = kernel::matmul(cols, w);
  if (bias.defined()) kernel::add_bias(y, bias);
  Tensor out = kernel::view(y, {d.B, d.T_out, d.C_out});
  if (!needs_grad({&x, &weight, &bias})) return out;

  const bool need_x = x.requires_grad(), need_w = weight.requires_grad();
  const bool need_b = bias.defined() && bias.requires_grad();
  return record("conv1d", out, {x, weight, bias},
                [d, direct, need_x, need_w, need_b, cols = need_w ? cols : Tensor(),
                 w = need_x ? w : Tensor()](const Tensor& grad) {
                  // G (B * T_out, C_out)
                  const Tensor g = kernel::as_matrix(grad);
                  std::vector<Tensor> grads(3);
                  if (need_x) {
                    Tensor dcols = kernel::matmul(g, kernel::transposed(w));  // (B * T_out, K * C_in)
                    Shape x_shape{d.B, d.T, d.C_in};
                    if (direct) {
                      grads[0] = kernel::view(dcols, x_shape);
                    } else {
                      Tensor dx = zeros(x_shape, g.dtype());
                      dispatch_float(g.dtype(), "conv1d", [&]<class R>() {
                        col2im(dcols.data<R>(), dx.data<R>(), d);
                      });
                      grads[0] = dx;
                    }
                  }
                  if (need_w) {
                    Tensor dw = kernel::matmul(kernel::transposed(cols), g);  // (K * C_in, C_out)
                    grads[1] = kernel::view(dw, {d.K, d.C_in, d.C_out});
                  }
                  if (need_b) grads[2] = kernel::sum(g, {0}, false);  // (C_out,)
                  return grads;
                });
}

}  // namespace ripple
