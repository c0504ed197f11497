/// @file
/// Linear and Embedding: the two layers that are a matrix product and a table lookup; they own
/// their weights and call the ops linear and embedding (autograd/ops.h).
#pragma once

#include "../autograd/ops.h"
#include "../core/generator.h"
#include "init.h"
#include "module.h"

namespace ripple {

/// Linear's settings besides its sizes.
struct LinearOptions {
  bool bias = true;  ///< add a learned bias
  Init init = Init::PyTorch;
  DType dtype = DType::Float32;
};

/// A Linear layer: y = linear(x, weight, bias) = x @ weight^T + bias over the last dim, as
/// torch.nn.Linear.
class Linear : public Module {
 public:
  /// Draws the weight (and bias) from `gen` with options.init.
  Linear(int64_t in_features, int64_t out_features, Generator& gen, LinearOptions options = {});
  Tensor forward(const Tensor& x) override;  ///< (..., in) -> (..., out)
  std::string describe() const override;

  Tensor weight;  ///< (out, in)
  Tensor bias;    ///< (out,), undefined without bias

 private:
  int64_t in_, out_;
};

/// A table of num_embeddings vectors of size dim, initialised N(0, 1) as in PyTorch and the lecture.
/// @code{.unparsed}
///   idx: int64 (...) -> (..., dim)
/// @endcode
class Embedding : public Module {
 public:
  /// Draws the table from `gen`.
  Embedding(int64_t num_embeddings, int64_t dim, Generator& gen, DType dtype = DType::Float32);
  Tensor forward(const Tensor& idx) override;
  std::string describe() const override;

  Tensor weight;  ///< (num_embeddings, dim)

 private:
  int64_t num_, dim_;
};

}  // namespace ripple
