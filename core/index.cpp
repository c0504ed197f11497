// Indexing kernels: index_select / index_add (embeddings), gather / scatter_add, concat.
#include <cstring>

#include "core/kernels.h"
#include "core/loops.h"

namespace ripple::kernel {

void check_indices(const Tensor& idx, int64_t size, const char* op) {
  if (idx.dtype() != DType::Int64)
    throw Error(std::string(op) + ": indices must be int64, got " + dtype_name(idx.dtype()));
  Tensor c = contiguous(idx);
  const int64_t* p = c.data<int64_t>();
  const int64_t n = c.numel();
  for (int64_t i = 0; i < n; ++i)
    if (p[i] < 0 || p[i] >= size)
      throw Error(std::string(op) + ": index " + std::to_string(p[i]) +
                  " is out of range for size " + std::to_string(size));
}

// Views x as (outer, size(dim), inner) and returns those three sizes.
// (Its results are named one by one, not by a structured binding: clang 14, the fuzz build's
// compiler, cannot use structured bindings inside the lambdas below.)
static std::array<int64_t, 3> split_at(const Shape& shape, int64_t dim) {
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < dim; ++d) outer *= shape[d];
  for (size_t d = dim + 1; d < shape.size(); ++d) inner *= shape[d];
  return {outer, shape[dim], inner};
}

Tensor index_select(const Tensor& x_in, int64_t dim, const Tensor& idx_in) {
  dim = normalize_dim(dim, x_in.dim(), "index_select");
  check_indices(idx_in, x_in.shape()[dim], "index_select");
  Tensor x = contiguous(x_in), idx = contiguous(idx_in);
  const std::array<int64_t, 3> split = split_at(x.shape(), dim);
  const int64_t outer = split[0], size = split[1], inner = split[2];
  Shape out_shape(x.shape().begin(), x.shape().begin() + dim);
  out_shape.insert(out_shape.end(), idx.shape().begin(), idx.shape().end());
  out_shape.insert(out_shape.end(), x.shape().begin() + dim + 1, x.shape().end());
  Tensor out = empty(out_shape, x.dtype());
  const int64_t count = idx.numel();
  const int64_t* ix = idx.data<int64_t>();
  const size_t row_bytes = inner * dtype_size(x.dtype());
  const char* src = static_cast<const char*>(x.raw_data());
  char* dst = static_cast<char*>(out.raw_data());
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < count; ++i)
      std::memcpy(dst + (o * count + i) * row_bytes, src + (o * size + ix[i]) * row_bytes,
                  row_bytes);
  return out;
}

Tensor index_add(const Shape& shape, int64_t dim, const Tensor& idx_in, const Tensor& src_in) {
  Tensor out = zeros(shape, src_in.dtype());
  Tensor idx = contiguous(idx_in), src = contiguous(src_in);
  const std::array<int64_t, 3> split = split_at(shape, dim);
  const int64_t outer = split[0], size = split[1], inner = split[2];
  const int64_t count = idx.numel();
  if (src.numel() != outer * count * inner)
    throw Error("index_add: source of shape " + to_string(src.shape()) + " does not match " +
                std::to_string(count) + " indices into " + to_string(shape));
  const int64_t* ix = idx.data<int64_t>();
  dispatch_float(src.dtype(), "index_add", [&]<class T>() {
    const T* s = src.data<T>();
    T* o = out.data<T>();
    for (int64_t a = 0; a < outer; ++a)
      for (int64_t i = 0; i < count; ++i) {
        T* row = o + (a * size + ix[i]) * inner;
        const T* from = s + (a * count + i) * inner;
        for (int64_t j = 0; j < inner; ++j) row[j] += from[j];
      }
  });
  return out;
}

static void check_gather_shapes(const Shape& x, int64_t dim, const Tensor& idx, const char* op) {
  bool ok = idx.dim() == static_cast<int64_t>(x.size());
  for (int64_t d = 0; ok && d < idx.dim(); ++d) ok = d == dim || idx.shape()[d] == x[d];
  if (!ok)
    throw Error(std::string(op) + ": index of shape " + to_string(idx.shape()) +
                " does not fit input " + to_string(x) + " along dim " + std::to_string(dim));
}

Tensor gather(const Tensor& x_in, int64_t dim, const Tensor& idx_in) {
  dim = normalize_dim(dim, x_in.dim(), "gather");
  check_gather_shapes(x_in.shape(), dim, idx_in, "gather");
  check_indices(idx_in, x_in.shape()[dim], "gather");
  Tensor x = contiguous(x_in), idx = contiguous(idx_in);
  Tensor out = empty(idx.shape(), x.dtype());
  const std::array<int64_t, 3> split = split_at(idx.shape(), dim);
  const int64_t outer = split[0], count = split[1], inner = split[2];
  const int64_t size = x.shape()[dim];
  const int64_t* ix = idx.data<int64_t>();
  dispatch_float(x.dtype(), "gather", [&]<class T>() {
    const T* s = x.data<T>();
    T* o = out.data<T>();
    for (int64_t a = 0; a < outer; ++a)
      for (int64_t i = 0; i < count; ++i)
        for (int64_t j = 0; j < inner; ++j) {
          int64_t at = (a * count + i) * inner + j;
          o[at] = s[(a * size + ix[at]) * inner + j];
        }
  });
  return out;
}

Tensor scatter_add(const Shape& shape, int64_t dim, const Tensor& idx_in, const Tensor& src_in) {
  Tensor out = zeros(shape, src_in.dtype());
  Tensor idx = contiguous(idx_in), src = contiguous(src_in);
  const std::array<int64_t, 3> split = split_at(idx.shape(), dim);
  const int64_t outer = split[0], count = split[1], inner = split[2];
  const int64_t size = shape[dim];
  const int64_t* ix = idx.data<int64_t>();
  dispatch_float(src.dtype(), "scatter_add", [&]<class T>() {
    const T* s = src.data<T>();
    T* o = out.data<T>();
    for (int64_t a = 0; a < outer; ++a)
      for (int64_t i = 0; i < count; ++i)
        for (int64_t j = 0; j < inner; ++j) {
          int64_t at = (a * count + i) * inner + j;
          o[(a * size + ix[at]) * inner + j] += s[at];
        }
  });
  return out;
}

Tensor concat(const std::vector<Tensor>& xs, int64_t dim) {
  if (xs.empty()) throw Error("concat: no tensors given");
  dim = normalize_dim(dim, xs[0].dim(), "concat");
  Shape shape = xs[0].shape();
  shape[dim] = 0;
  for (const Tensor& x : xs) {
    bool ok = x.dim() == xs[0].dim() && x.dtype() == xs[0].dtype();
    for (int64_t d = 0; ok && d < x.dim(); ++d) ok = d == dim || x.shape()[d] == xs[0].shape()[d];
    if (!ok)
      throw Error("concat: cannot join " + to_string(x.shape()) + " " + dtype_name(x.dtype()) +
                  " to " + to_string(xs[0].shape()) + " " + dtype_name(xs[0].dtype()) +
                  " along dim " + std::to_string(dim));
    shape[dim] += x.shape()[dim];
  }
  Tensor out = empty(shape, xs[0].dtype());
  int64_t at = 0;
  for (const Tensor& x : xs) {
    Shape strides = out.strides();
    copy_into(as_strided(out, x.shape(), strides, at * strides[dim]), x);
    at += x.shape()[dim];
  }
  return out;
}

}  // namespace ripple::kernel
