// linear: y = x @ W^T + b as one fused op on GEMM.
//
// With x viewed as X (M, in), Y = X @ W^T + b and G = dL/dY (M, out):
//   dX = G @ W        dW = G^T @ X        db = sum of G's rows
// Each is one GEMM on views: no transpose is ever copied.
#include "autograd/ops.h"
#include "core/kernels.h"

namespace ripple {

Tensor linear(const Tensor& x, const Tensor& weight, const Tensor& bias) {
  if (weight.dim() != 2 || x.dim() < 1 || x.size(-1) != weight.size(1))
    throw Error("linear: input " + to_string(x.shape()) + " does not fit weight " +
                to_string(weight.shape()) + " (out, in)");
  const int64_t out = weight.size(0);
  if (bias.defined() && bias.shape() != Shape{out})
    throw Error("linear: bias " + to_string(bias.shape()) + " does not fit weight " +
                to_string(weight.shape()));
  if (weight.dtype() != x.dtype() || (bias.defined() && bias.dtype() != x.dtype()))
    throw Error(std::string("linear: input is ") + dtype_name(x.dtype()) + ", weight " +
                dtype_name(weight.dtype()) +
                (bias.defined() ? std::string(", bias ") + dtype_name(bias.dtype()) : "") +
                "; all must share one dtype");
  Tensor x2 = kernel::as_matrix(x);                           // (M, in)
  Tensor y = kernel::matmul(x2, kernel::transposed(weight));  // (M, out)
  if (bias.defined()) kernel::add_bias(y, bias);
  Shape out_shape = x.shape();
  out_shape.back() = out;
  y = kernel::view(y, out_shape);
  return record("linear", y, {x, weight, bias},
                [x2, w = weight.detach(), has_bias = bias.defined(), x_shape = x.shape()](
                    const Tensor& g) {
    Tensor g2 = kernel::as_matrix(g);  // (M, out)
    Tensor dx = kernel::view(kernel::matmul(g2, w), x_shape);
    Tensor dw = kernel::matmul(kernel::transposed(g2), x2);
    Tensor db = has_bias ? kernel::sum(g2, {0}, false) : Tensor();
    return std::vector<Tensor>{dx, dw, db};
  });
}

}  // namespace ripple
