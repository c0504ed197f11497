// Reductions and softmax, with their gradients.
//
//   sum:         dx = g broadcast back over the reduced dims
//   mean:        dx = g / n broadcast back
//   var:         composed from mean, sub, mul, sum: its gradient follows from theirs
//   max:         dx = g at the position of the max along dim, 0 elsewhere
//   logsumexp:   composed: m + log(sum(exp(x - m))) with m = max(x) held constant
//   softmax:     dx = y * (g - sum(g * y))          (y = softmax(x), sums along dim)
//   log_softmax: dx = g - exp(y) * sum(g)           (y = log_softmax(x))
#include <cmath>

#include "autograd/ops.h"
#include "core/elementwise.h"
#include "core/kernels.h"

namespace ripple {

// g (shaped like the reduction's output) broadcast back to `shape`.
static Tensor unreduce(const Tensor& g, const Shape& shape, const std::vector<int64_t>& dims) {
  return expand(reshape(g, kernel::reduced_shape(shape, dims, true)), shape);
}

Tensor sum(const Tensor& x, std::vector<int64_t> dims, bool keepdim) {
  dims = kernel::reduce_dims(x, std::move(dims), "sum");
  Tensor out = kernel::sum(x, dims, keepdim);
  return record("sum", out, {x}, [shape = x.shape(), dims](const Tensor& g) {
    return std::vector<Tensor>{unreduce(g, shape, dims)};
  });
}

Tensor mean(const Tensor& x, std::vector<int64_t> dims, bool keepdim) {
  dims = kernel::reduce_dims(x, std::move(dims), "mean");
  int64_t n = 1;
  for (int64_t d : dims) n *= x.shape()[d];
  if (n == 0) throw Error("mean: cannot average over an empty dim of " + to_string(x.shape()));
  return sum(x, dims, keepdim) / static_cast<double>(n);
}

Tensor var(const Tensor& x, std::vector<int64_t> dims, bool unbiased, bool keepdim) {
  dims = kernel::reduce_dims(x, std::move(dims), "var");
  int64_t n = 1;
  for (int64_t d : dims) n *= x.shape()[d];
  if (n - (unbiased ? 1 : 0) <= 0)
    throw Error("var: need at least " + std::string(unbiased ? "2 values" : "1 value") +
                " over the reduced dims of " + to_string(x.shape()));
  Tensor d = x - mean(x, dims, true);
  return sum(d * d, dims, keepdim) / static_cast<double>(n - (unbiased ? 1 : 0));
}

Tensor max(const Tensor& x, int64_t dim, bool keepdim) {
  dim = normalize_dim(dim, x.dim(), "max");
  auto [values, indices] = kernel::max(x, dim, keepdim);
  // indices = indices: clang 14 (the fuzz build) cannot capture a structured binding by name
  return record("max", values, {x}, [shape = x.shape(), dim, indices = indices](const Tensor& g) {
    Shape kept = kernel::reduced_shape(shape, {dim}, true);
    return std::vector<Tensor>{kernel::scatter_add(shape, dim, reshape(indices, kept), reshape(g, kept))};
  });
}

Tensor argmax(const Tensor& x, int64_t dim, bool keepdim) {
  return kernel::max(x, normalize_dim(dim, x.dim(), "argmax"), keepdim).second;
}

Tensor logsumexp(const Tensor& x, int64_t dim, bool keepdim) {
  dim = normalize_dim(dim, x.dim(), "logsumexp");
  Tensor m = kernel::max(x, dim, true).first;  // a constant shift: no gradient flows through it
  m = kernel::map(m, "logsumexp", [](auto v) { return std::isfinite(v) ? v : decltype(v)(0); });
  Tensor out = log(sum(exp(x - m), {dim}, true)) + m;
  return keepdim ? out : squeeze(out, dim);
}

Tensor softmax(const Tensor& x, int64_t dim) {
  Tensor out = kernel::softmax(x, dim);
  return record("softmax", out, {x}, [y = out.detach(), dim](const Tensor& g) {
    return std::vector<Tensor>{y * (g - sum(g * y, {dim}, true))};
  });
}

Tensor log_softmax(const Tensor& x, int64_t dim) {
  Tensor out = kernel::log_softmax(x, dim);
  return record("log_softmax", out, {x}, [y = out.detach(), dim](const Tensor& g) {
    return std::vector<Tensor>{g - exp(y) * sum(g, {dim}, true)};
  });
}

Tensor sum_to_shape(const Tensor& g, const Shape& shape) {
  if (g.shape() == shape) return g;
  const int64_t lead = g.dim() - static_cast<int64_t>(shape.size());
  if (lead < 0)
    throw Error("sum_to_shape: cannot reduce " + to_string(g.shape()) + " to " + to_string(shape));
  std::vector<int64_t> dims;
  for (int64_t d = 0; d < g.dim(); ++d)
    if (d < lead || (shape[d - lead] == 1 && g.shape()[d] != 1)) dims.push_back(d);
    else if (shape[d - lead] != g.shape()[d])
      throw Error("sum_to_shape: cannot reduce " + to_string(g.shape()) + " to " + to_string(shape));
  return dims.empty() ? reshape(g, shape) : reshape(sum(g, dims, true), shape);
}

}  // namespace ripple
