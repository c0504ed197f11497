// Reduction kernels: sum over any dims, max/argmax, softmax and log_softmax along one dim.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/kernels.h"
#include "core/loops.h"

namespace ripple::kernel {

std::vector<int64_t> reduce_dims(const Tensor& x, std::vector<int64_t> dims, const char* op) {
  if (dims.empty()) {
    dims.resize(x.dim());
    std::iota(dims.begin(), dims.end(), 0);
  }
  for (auto& d : dims) d = normalize_dim(d, x.dim(), op);
  std::sort(dims.begin(), dims.end());
  if (std::adjacent_find(dims.begin(), dims.end()) != dims.end())
    throw Error(std::string(op) + ": a dim is listed twice");
  return dims;
}

Shape reduced_shape(const Shape& shape, const std::vector<int64_t>& dims, bool keepdim) {
  Shape out;
  for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d) {
    bool reduced = std::find(dims.begin(), dims.end(), d) != dims.end();
    if (!reduced) out.push_back(shape[d]);
    else if (keepdim) out.push_back(1);
  }
  return out;
}

Tensor sum(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim) {
  Shape kept = reduced_shape(x.shape(), dims, true);
  Shape walk = contiguous_strides(kept);
  for (int64_t d : dims) walk[d] = 0;  // every index along a reduced dim lands on one output
  std::vector<double> acc(numel(kept), 0.0);
  Tensor out = empty(reduced_shape(x.shape(), dims, keepdim), x.dtype());
  dispatch_float(x.dtype(), "sum", [&]<class T>() {
    const T* p = x.data<T>();
    double* a = acc.data();
    for_each_strided<2>(x.shape(), {walk, x.strides()},
                        [&](const int64_t* off, int64_t n, const int64_t* step) {
                          double* o = a + off[0];
                          const T* in = p + off[1];
                          if (step[0] == 0) {
                            double s = 0;
                            for (int64_t i = 0; i < n; ++i) s += in[i * step[1]];
                            *o += s;
                          } else {
                            for (int64_t i = 0; i < n; ++i) o[i * step[0]] += in[i * step[1]];
                          }
                        });
    T* o = out.data<T>();
    for (size_t i = 0; i < acc.size(); ++i) o[i] = static_cast<T>(acc[i]);
  });
  return out;
}

// x with `dim` moved last, contiguous, so each row of length size(dim) is one reduction.
static Tensor rows_along(const Tensor& x, int64_t dim) {
  if (dim == x.dim() - 1) return contiguous(x);
  Shape shape = x.shape(), strides = x.strides();
  std::rotate(shape.begin() + dim, shape.begin() + dim + 1, shape.end());
  std::rotate(strides.begin() + dim, strides.begin() + dim + 1, strides.end());
  return clone(as_strided(x, shape, strides, x.offset()));
}

// The inverse of rows_along for a result with the same (rotated) shape.
static Tensor unrotate(const Tensor& rows, int64_t dim) {
  if (dim == rows.dim() - 1) return rows;
  Shape shape = rows.shape(), strides = rows.strides();
  std::rotate(shape.begin() + dim, shape.end() - 1, shape.end());
  std::rotate(strides.begin() + dim, strides.end() - 1, strides.end());
  return clone(as_strided(rows, shape, strides, rows.offset()));
}

std::pair<Tensor, Tensor> max(const Tensor& x, int64_t dim, bool keepdim) {
  dim = normalize_dim(dim, x.dim(), "max");
  const int64_t n = x.shape()[dim];
  if (n == 0) throw Error("max: cannot reduce an empty dim of shape " + to_string(x.shape()));
  Tensor rows = rows_along(x, dim);
  Shape out_shape = reduced_shape(x.shape(), {dim}, keepdim);
  Tensor values = empty(out_shape, x.dtype()), indices = empty(out_shape, DType::Int64);
  dispatch_float(x.dtype(), "max", [&]<class T>() {
    const T* p = rows.data<T>();
    T* v = values.data<T>();
    int64_t* ix = indices.data<int64_t>();
    for (int64_t r = 0; r < values.numel(); ++r, p += n) {
      int64_t best = 0;
      for (int64_t i = 1; i < n; ++i)
        if (p[i] > p[best] || (std::isnan(p[i]) && !std::isnan(p[best]))) best = i;
      v[r] = p[best];
      ix[r] = best;
    }
  });
  return {values, indices};
}

template <bool Log>
static Tensor softmax_impl(const Tensor& x, int64_t dim, const char* op) {
  dim = normalize_dim(dim, x.dim(), op);
  Tensor rows = rows_along(x, dim);
  Tensor out = empty(rows.shape(), x.dtype());
  const int64_t n = x.dim() ? x.shape()[dim] : 1;
  if (n == 0) return unrotate(out, dim);
  dispatch_float(x.dtype(), op, [&]<class T>() {
    const T* p = rows.data<T>();
    T* o = out.data<T>();
    for (int64_t r = 0; r < rows.numel() / n; ++r, p += n, o += n) {
      T m = *std::max_element(p, p + n);
      if (!std::isfinite(m)) m = 0;
      double total = 0;
      for (int64_t i = 0; i < n; ++i) total += std::exp(static_cast<double>(p[i] - m));
      if constexpr (Log) {
        const T lse = static_cast<T>(m + std::log(total));
        for (int64_t i = 0; i < n; ++i) o[i] = p[i] - lse;
      } else {
        const double inv = 1.0 / total;
        for (int64_t i = 0; i < n; ++i) o[i] = static_cast<T>(std::exp(p[i] - m) * inv);
      }
    }
  });
  return unrotate(out, dim);
}

Tensor softmax(const Tensor& x, int64_t dim) { return softmax_impl<false>(x, dim, "softmax"); }
Tensor log_softmax(const Tensor& x, int64_t dim) {
  return softmax_impl<true>(x, dim, "log_softmax");
}

}  // namespace ripple::kernel
