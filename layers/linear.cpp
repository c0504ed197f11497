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

// t viewed as a contiguous (rows, cols) matrix.
static Tensor as_matrix(const Tensor& t, int64_t cols) {
  Tensor c = kernel::contiguous(t);
  return kernel::as_strided(c, {c.numel() / cols, cols}, {cols, 1}, c.offset());
}

static Tensor transposed(const Tensor& m) {
  return kernel::as_strided(m, {m.shape()[1], m.shape()[0]}, {m.strides()[1], m.strides()[0]},
                            m.offset());
}

Tensor linear(const Tensor& x, const Tensor& weight, const Tensor& bias) {
  if (weight.dim() != 2 || x.dim() < 1 || x.size(-1) != weight.size(1))
    throw Error("linear: input " + to_string(x.shape()) + " does not fit weight " +
                to_string(weight.shape()) + " (out, in)");
  const int64_t in = weight.size(1), out = weight.size(0);
  if (bias.defined() && bias.shape() != Shape{out})
    throw Error("linear: bias " + to_string(bias.shape()) + " does not fit weight " +
                to_string(weight.shape()));
  if (weight.dtype() != x.dtype() || (bias.defined() && bias.dtype() != x.dtype()))
    throw Error(std::string("linear: input is ") + dtype_name(x.dtype()) + ", weight " +
                dtype_name(weight.dtype()) +
                (bias.defined() ? std::string(", bias ") + dtype_name(bias.dtype()) : "") +
                "; all must share one dtype");
  Tensor x2 = as_matrix(x, in);
  Tensor y = kernel::matmul(x2, transposed(weight));  // (M, out)
  if (bias.defined()) {
    const Tensor b = kernel::contiguous(bias);  // a strided view would be read wrongly
    dispatch_float(y.dtype(), "linear", [&]<class T>() {
      T* py = y.data<T>();
      const T* pb = b.data<T>();
      for (int64_t i = 0; i < y.size(0); ++i)
        for (int64_t j = 0; j < out; ++j) py[i * out + j] += pb[j];
    });
  }
  Shape out_shape = x.shape();
  out_shape.back() = out;
  y = kernel::as_strided(y, out_shape, contiguous_strides(out_shape), 0);
  return record("linear", y, {x, weight, bias},
                [x2, w = weight.detach(), has_bias = bias.defined(), x_shape = x.shape(), out](
                    const Tensor& g) {
    Tensor g2 = as_matrix(g, out);
    Tensor dx = kernel::matmul(g2, w);
    dx = kernel::as_strided(dx, x_shape, contiguous_strides(x_shape), 0);
    Tensor dw = kernel::matmul(transposed(g2), x2);
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
