// Indexing ops and their gradients: each backward adds g back at the positions it was read from.
//   index_select / embedding: dx = index_add of g at idx (rows read twice get both gradients)
//   gather:                   dx = scatter_add of g at idx
#include "autograd/ops.h"
#include "core/kernels.h"

namespace ripple {

Tensor index_select(const Tensor& x, int64_t dim, const Tensor& idx) {
  dim = normalize_dim(dim, x.dim(), "index_select");
  Tensor out = kernel::index_select(x, dim, idx);
  return record("index_select", out, {x}, [shape = x.shape(), dim, idx](const Tensor& g) {
    return std::vector<Tensor>{kernel::index_add(shape, dim, idx, g)};
  });
}

Tensor embedding(const Tensor& weight, const Tensor& idx) {
  if (weight.dim() != 2)
    throw Error("embedding: weight must be (num_embeddings, dim), got " + to_string(weight.shape()));
  kernel::check_indices(idx, weight.size(0), "embedding");  // so the error names embedding
  return index_select(weight, 0, idx);
}

Tensor gather(const Tensor& x, int64_t dim, const Tensor& idx) {
  dim = normalize_dim(dim, x.dim(), "gather");
  Tensor out = kernel::gather(x, dim, idx);
  return record("gather", out, {x}, [shape = x.shape(), dim, idx](const Tensor& g) {
    return std::vector<Tensor>{kernel::scatter_add(shape, dim, idx, g)};
  });
}

}  // namespace ripple
