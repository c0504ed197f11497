// Tensor storage, creation, raw views and copies.
#include "core/tensor.h"

#include <cmath>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>

#include <unistd.h>

#include "core/loops.h"

namespace ripple {

int64_t Tensor::size(int64_t d) const { return shape()[normalize_dim(d, dim(), "size")]; }

bool Tensor::is_contiguous() const {
  int64_t step = 1;
  for (size_t i = impl_->shape.size(); i-- > 0;) {
    if (impl_->shape[i] == 1) continue;
    if (impl_->strides[i] != step) return false;
    step *= impl_->shape[i];
  }
  return true;
}

template <class T>
T* Tensor::data() const {
  DType want = std::is_same_v<T, float>    ? DType::Float32
               : std::is_same_v<T, double> ? DType::Float64
                                           : DType::Int64;
  if (dtype() != want)
    throw Error(std::string("data: tensor is ") + dtype_name(dtype()) + ", asked for " +
                dtype_name(want));
  return static_cast<T*>(impl_->storage->data) + impl_->offset;
}
template float* Tensor::data<float>() const;
template double* Tensor::data<double>() const;
template int64_t* Tensor::data<int64_t>() const;

void* Tensor::raw_data() const {
  return static_cast<char*>(impl_->storage->data) + impl_->offset * dtype_size(dtype());
}

// Offset (in elements from data()) of the i-th element in row-major order.
static int64_t flat_offset(const Tensor& t, int64_t i) {
  if (i < 0 || i >= t.numel())
    throw Error("at: index " + std::to_string(i) + " is out of range for shape " +
                to_string(t.shape()));
  int64_t off = 0;
  for (int64_t d = t.dim() - 1; d >= 0; --d) {
    off += (i % t.shape()[d]) * t.strides()[d];
    i /= t.shape()[d];
  }
  return off;
}

double Tensor::at_flat(int64_t i) const {
  int64_t off = flat_offset(*this, i);
  return dispatch_all(dtype(), [&]<class T>() { return static_cast<double>(data<T>()[off]); });
}

void Tensor::set_flat(int64_t i, double value) {
  int64_t off = flat_offset(*this, i);
  dispatch_all(dtype(), [&]<class T>() { data<T>()[off] = static_cast<T>(value); });
}

double Tensor::item() const {
  if (numel() != 1)
    throw Error("item: tensor of shape " + to_string(shape()) + " has " +
                std::to_string(numel()) + " elements, not 1");
  return at_flat(0);
}

double Tensor::at(std::initializer_list<int64_t> index) const {
  if (static_cast<int64_t>(index.size()) != dim())
    throw Error("at: " + std::to_string(index.size()) + " indices for a tensor of shape " +
                to_string(shape()));
  int64_t off = 0, d = 0;
  for (int64_t i : index) {
    if (i < 0 || i >= shape()[d])
      throw Error("at: index " + std::to_string(i) + " is out of range for dim " +
                  std::to_string(d) + " of shape " + to_string(shape()));
    off += i * strides()[d++];
  }
  return dispatch_all(dtype(), [&]<class T>() { return static_cast<double>(data<T>()[off]); });
}

template <class T>
std::vector<T> Tensor::to_vector() const {
  Tensor c = kernel::contiguous(*this);
  std::vector<T> out(numel());
  dispatch_all(dtype(), [&]<class S>() {
    const S* p = c.data<S>();
    for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<T>(p[i]);
  });
  return out;
}
template std::vector<float> Tensor::to_vector<float>() const;
template std::vector<double> Tensor::to_vector<double>() const;
template std::vector<int64_t> Tensor::to_vector<int64_t>() const;

// --- creation ----------------------------------------------------------------------------------

Tensor empty(const Shape& shape, DType dtype) {
  for (int64_t s : shape)
    if (s < 0) throw Error("empty: negative size in shape " + to_string(shape));
  const int64_t n = numel(shape);  // throws if the count overflows
  const size_t bytes = static_cast<size_t>(n) * dtype_size(dtype);
  if (n > static_cast<int64_t>(SIZE_MAX / 8))
    throw Error("empty: shape " + to_string(shape) + " is too large to allocate");
  // more than the machine has is refused by name (a sanitizer's allocator would abort instead of
  // failing, and an overcommitting kernel would let it through to the OOM killer)
  static const uint64_t memory = [] {
    const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
    return pages > 0 && page > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) : 0;
  }();
  if (memory > 0 && bytes > memory)
    throw Error("empty: cannot allocate " + std::to_string(bytes) + " bytes for a " + dtype_name(dtype) +
                " tensor of shape " + to_string(shape) + ": more than this machine's memory (" +
                std::to_string(memory) + " bytes)");
  auto impl = std::make_shared<TensorImpl>();
  try {
    impl->storage = std::make_shared<Storage>(bytes);
  } catch (const std::bad_alloc&) {
    throw Error("empty: cannot allocate " + std::to_string(bytes) + " bytes for a " +
                dtype_name(dtype) + " tensor of shape " + to_string(shape) + " (out of memory)");
  }
  impl->shape = shape;
  impl->strides = contiguous_strides(shape);
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

Tensor full(const Shape& shape, double value, DType dtype) {
  Tensor t = empty(shape, dtype);
  dispatch_all(dtype, [&]<class T>() {
    T* p = t.data<T>();
    std::fill(p, p + t.numel(), static_cast<T>(value));
  });
  return t;
}

Tensor zeros(const Shape& shape, DType dtype) {
  Tensor t = empty(shape, dtype);
  std::memset(t.raw_data(), 0, t.numel() * dtype_size(dtype));
  return t;
}
Tensor ones(const Shape& shape, DType dtype) { return full(shape, 1.0, dtype); }
Tensor scalar(double value, DType dtype) { return full({}, value, dtype); }
Tensor zeros_like(const Tensor& t) { return zeros(t.shape(), t.dtype()); }
Tensor ones_like(const Tensor& t) { return ones(t.shape(), t.dtype()); }

Tensor arange(double start, double end, double step, DType dtype) {
  if (step == 0 || !std::isfinite(start) || !std::isfinite(end))
    throw Error("arange: need finite start and end and a nonzero step");
  int64_t n = std::max<int64_t>(0, static_cast<int64_t>(std::ceil((end - start) / step)));
  Tensor t = empty({n}, dtype);
  for (int64_t i = 0; i < n; ++i) t.set_flat(i, start + static_cast<double>(i) * step);
  return t;
}
Tensor arange(int64_t n, DType dtype) { return arange(0, static_cast<double>(n), 1, dtype); }

template <class T>
static Tensor from_values(const T* values, size_t count, Shape shape, DType dtype) {
  if (shape.empty() && count != 1) shape = {static_cast<int64_t>(count)};
  if (numel(shape) != static_cast<int64_t>(count))
    throw Error("from_vector: " + std::to_string(count) + " values cannot fill shape " +
                to_string(shape));
  Tensor t = empty(shape, dtype);
  dispatch_all(dtype, [&]<class S>() {
    S* p = t.data<S>();
    for (size_t i = 0; i < count; ++i) p[i] = static_cast<S>(values[i]);
  });
  return t;
}

Tensor from_vector(const std::vector<float>& v, Shape shape) {
  return from_values(v.data(), v.size(), std::move(shape), DType::Float32);
}
Tensor from_vector(const std::vector<double>& v, Shape shape) {
  return from_values(v.data(), v.size(), std::move(shape), DType::Float64);
}
Tensor from_vector(const std::vector<int64_t>& v, Shape shape) {
  return from_values(v.data(), v.size(), std::move(shape), DType::Int64);
}
Tensor tensor(std::initializer_list<double> values, Shape shape, DType dtype) {
  return from_values(values.begin(), values.size(), std::move(shape), dtype);
}

// --- raw views and copies ----------------------------------------------------------------------

namespace kernel {

Tensor as_strided(const Tensor& t, Shape shape, Shape strides, int64_t offset) {
  auto impl = std::make_shared<TensorImpl>();
  impl->storage = t.impl()->storage;
  impl->offset = offset;
  impl->shape = std::move(shape);
  impl->strides = std::move(strides);
  impl->dtype = t.dtype();
  return Tensor(std::move(impl));
}

void copy_into(const Tensor& dst, const Tensor& src) {
  Shape b = broadcast_shapes(src.shape(), dst.shape(), "copy");
  if (b != dst.shape())
    throw Error("copy: cannot write " + to_string(src.shape()) + " into " +
                to_string(dst.shape()));
  dispatch_all(dst.dtype(), [&]<class D>() {
    dispatch_all(src.dtype(), [&]<class S>() {
      D* d = dst.data<D>();
      const S* s = src.data<S>();
      for_each_strided<2>(
          dst.shape(),
          {dst.strides(), broadcast_strides(src.shape(), src.strides(), dst.shape())},
          [&](const int64_t* off, int64_t n, const int64_t* step) {
            D* dp = d + off[0];
            const S* sp = s + off[1];
            if (step[0] == 1 && step[1] == 1) {
              for (int64_t i = 0; i < n; ++i) dp[i] = static_cast<D>(sp[i]);
            } else {
              for (int64_t i = 0; i < n; ++i) dp[i * step[0]] = static_cast<D>(sp[i * step[1]]);
            }
          });
    });
  });
}

Tensor clone(const Tensor& t) {
  Tensor out = empty(t.shape(), t.dtype());
  copy_into(out, t);
  return out;
}

Tensor contiguous(const Tensor& t) { return t.is_contiguous() ? t : clone(t); }

Tensor to_dtype(const Tensor& t, DType dtype) {
  if (t.dtype() == dtype) return t;
  Tensor out = empty(t.shape(), dtype);
  copy_into(out, t);
  return out;
}

}  // namespace kernel
}  // namespace ripple
