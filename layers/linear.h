// Linear and Embedding: the two layers that are a matrix product and a table lookup.
#pragma once

#include "../core/generator.h"
#include "init.h"
#include "module.h"

namespace ripple {

// y = x @ weight^T + bias, fused into one op.
//   x: (..., in) any leading dims; weight: (out, in) (PyTorch's layout); bias: (out,) or undefined.
// Leading dims are folded into one GEMM, so (B, T, in) costs a single matrix product.
Tensor linear(const Tensor& x, const Tensor& weight, const Tensor& bias = Tensor());

struct LinearOptions {
  bool bias = true;
  Init init = Init::PyTorch;
  DType dtype = DType::Float32;
};

class Linear : public Module {
 public:
  Linear(int64_t in_features, int64_t out_features, Generator& gen, LinearOptions options = {});
  Tensor forward(const Tensor& x) override;  // (..., in) -> (..., out)
  std::string describe() const override;

  Tensor weight;  // (out, in)
  Tensor bias;    // (out,), undefined without bias

 private:
  int64_t in_, out_;
};

// A table of num_embeddings vectors of size dim, initialised N(0, 1) as in PyTorch and the lecture.
//   idx: int64 (...) -> (..., dim)
class Embedding : public Module {
 public:
  Embedding(int64_t num_embeddings, int64_t dim, Generator& gen, DType dtype = DType::Float32);
  Tensor forward(const Tensor& idx) override;
  std::string describe() const override;

  Tensor weight;  // (num_embeddings, dim)

 private:
  int64_t num_, dim_;
};

}  // namespace ripple
