// Linear (fused forward and backward on GEMM) and Embedding.
//
// With x viewed as X (M, in), Y = X @ W^T + b and G = dL/dY (M, out):
//   dX = G @ W        dW = G^T @ X        db = sum of G's rows
// Each is one GEMM on views: no transpose is ever copied.
#include "layers/linear.h"

#include "autograd/engine.h"
#include "autograd/ops.h"
#include "core/kernels.h"
#include "core/loops.h"

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

Linear::Linear(int64_t in_features, int64_t out_features, Generator& gen, LinearOptions opt)
    : in_(in_features), out_(out_features) {
  weight = register_parameter(
      "weight", init_weight(gen, {out_, in_}, in_, out_, opt.init, opt.dtype));
  if (opt.bias)
    bias = register_parameter("bias", init_bias(gen, {out_}, in_, opt.init, opt.dtype));
}

Tensor Linear::forward(const Tensor& x) { return linear(x, weight, bias); }

std::string Linear::describe() const {
  return "Linear(" + std::to_string(in_) + ", " + std::to_string(out_) +
         (bias.defined() ? "" : ", bias=false") + ")";
}

Embedding::Embedding(int64_t num_embeddings, int64_t dim, Generator& gen, DType dtype)
    : num_(num_embeddings), dim_(dim) {
  weight = register_parameter("weight", gen.normal({num_, dim_}, 0, 1, dtype));
}

Tensor Embedding::forward(const Tensor& idx) { return embedding(weight, idx); }

std::string Embedding::describe() const {
  return "Embedding(" + std::to_string(num_) + ", " + std::to_string(dim_) + ")";
}

}  // namespace ripple
