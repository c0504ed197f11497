#include "core/shape.h"

#include <algorithm>

namespace ripple {

void Shape::reserve(size_t n) {
  if (n <= capacity_) return;
  auto* grown = new int64_t[n];
  std::copy(begin(), end(), grown);
  if (data_ != inline_) delete[] data_;
  data_ = grown, capacity_ = n;
}

void Shape::resize(size_t n, int64_t value) {
  reserve(n);
  if (n > size_) std::fill(data_ + size_, data_ + n, value);
  size_ = n;
}

int64_t* Shape::insert(const int64_t* pos, const int64_t* first, const int64_t* last) {
  const auto at = static_cast<size_t>(pos - data_), count = static_cast<size_t>(last - first);
  Shape copy(first, last);  // the range may lie inside this shape, which reserve may move
  if (size_ + count > capacity_) reserve(std::max(size_ + count, 2 * capacity_));
  std::copy_backward(data_ + at, data_ + size_, data_ + size_ + count);
  std::copy(copy.begin(), copy.end(), data_ + at);
  size_ += count;
  return data_ + at;
}

int64_t* Shape::erase(const int64_t* first, const int64_t* last) {
  auto* at = data_ + (first - data_);
  std::copy(last, static_cast<const int64_t*>(end()), at);
  size_ -= static_cast<size_t>(last - first);
  return at;
}

void Shape::take(Shape& other) {
  if (other.data_ == other.inline_) {
    std::copy(other.begin(), other.end(), inline_);
  } else {
    data_ = other.data_, capacity_ = other.capacity_;
    other.data_ = other.inline_, other.capacity_ = kInline;
  }
  size_ = other.size_;
  other.size_ = 0;
}

std::string to_string(const Shape& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

const char* dtype_name(DType dtype) {
  switch (dtype) {
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
    case DType::Int64: return "int64";
  }
  return "?";
}

size_t dtype_size(DType dtype) { return dtype == DType::Float32 ? 4 : 8; }

int64_t numel(const Shape& shape) {
  // Sizes come from users and files, so the product is checked: an overflow would otherwise
  // wrap to a small or negative count and a tensor would be read far beyond its memory.
  int64_t n = 1;
  for (int64_t s : shape) {
    if (s < 0) throw Error("numel: negative size in shape " + to_string(shape));
    if (__builtin_mul_overflow(n, s, &n))
      throw Error("numel: shape " + to_string(shape) + " has more than 2^63 elements");
  }
  return n;
}

int64_t checked_mul(int64_t a, int64_t b, const char* what) {
  int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out))
    throw Error(std::string(what) + ": " + std::to_string(a) + " * " + std::to_string(b) +
                " overflows a 64-bit count");
  return out;
}

int64_t checked_add(int64_t a, int64_t b, const char* what) {
  int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out))
    throw Error(std::string(what) + ": " + std::to_string(a) + " + " + std::to_string(b) +
                " overflows a 64-bit count");
  return out;
}

Shape contiguous_strides(const Shape& shape) {
  Shape strides(shape.size());
  int64_t step = 1;
  for (size_t i = shape.size(); i-- > 0;) {
    strides[i] = step;
    // wraps only for a shape with a zero size (numel throws otherwise), whose strides are unused
    __builtin_mul_overflow(step, std::max<int64_t>(shape[i], 1), &step);
  }
  return strides;
}

int64_t normalize_dim(int64_t dim, int64_t ndim, const char* op) {
  int64_t d = dim < 0 ? dim + ndim : dim;
  if (d < 0 || d >= ndim)
    throw Error(std::string(op) + ": dim " + std::to_string(dim) + " is out of range for a " +
                std::to_string(ndim) + "-d tensor");
  return d;
}

Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op) {
  size_t n = std::max(a.size(), b.size());
  Shape out(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    if (da != db && da != 1 && db != 1)
      throw Error(std::string(op) + ": cannot broadcast " + to_string(a) + " with " + to_string(b));
    out[i] = da == 1 ? db : da;
  }
  return out;
}

}  // namespace ripple
