/// @file
/// Shapes, strides, dtypes and the error type every ripple op throws.
///
/// A Shape is a list of sizes, outermost first: a batch of B sequences of T steps with C channels
/// is (B, T, C). Strides count elements (not bytes) to step one index along each dim.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

/// All of ripple: tensors, autograd, layers, optimizers and the apps' models (see ripple.h).
namespace ripple {

/// Sizes, outermost first: (B, T, C) is {B, T, C}. Also used for strides.
///
/// A vector of int64_t that keeps up to five sizes inside itself and goes to the heap only beyond
/// (PyTorch's SmallVector<int64_t, 5> does the same). A training step builds hundreds of shapes
/// and strides, nearly all of them 1 to 3 dims: as std::vector each was a malloc and a free.
class Shape {
 public:
  using value_type = int64_t;
  using size_type = size_t;
  using difference_type = std::ptrdiff_t;
  using reference = int64_t&;
  using const_reference = const int64_t&;
  using iterator = int64_t*;
  using const_iterator = const int64_t*;

  Shape() = default;
  explicit Shape(size_t n, int64_t value = 0) { assign(n, value); }
  Shape(std::initializer_list<int64_t> sizes) { assign(sizes.begin(), sizes.end()); }
  template <std::input_iterator It>
  Shape(It first, It last) { assign(first, last); }
  Shape(const std::vector<int64_t>& sizes) { assign(sizes.begin(), sizes.end()); }  // NOLINT: implicit
  Shape(const Shape& other) { assign(other.begin(), other.end()); }
  Shape(Shape&& other) noexcept { take(other); }
  Shape& operator=(const Shape& other) {
    if (this != &other) assign(other.begin(), other.end());
    return *this;
  }
  Shape& operator=(Shape&& other) noexcept {
    if (this != &other) release(), take(other);
    return *this;
  }
  ~Shape() { release(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int64_t* data() { return data_; }
  const int64_t* data() const { return data_; }
  int64_t& operator[](size_t i) { return data_[i]; }
  const int64_t& operator[](size_t i) const { return data_[i]; }
  int64_t* begin() { return data_; }
  int64_t* end() { return data_ + size_; }
  const int64_t* begin() const { return data_; }
  const int64_t* end() const { return data_ + size_; }
  std::reverse_iterator<const int64_t*> rbegin() const { return std::reverse_iterator(end()); }
  std::reverse_iterator<const int64_t*> rend() const { return std::reverse_iterator(begin()); }
  int64_t& front() { return data_[0]; }
  int64_t& back() { return data_[size_ - 1]; }
  const int64_t& front() const { return data_[0]; }
  const int64_t& back() const { return data_[size_ - 1]; }

  void clear() { size_ = 0; }
  void reserve(size_t n);
  void resize(size_t n, int64_t value = 0);
  void assign(size_t n, int64_t value) { clear(), resize(n, value); }
  template <std::input_iterator It>
  void assign(It first, It last) {
    clear();
    for (; first != last; ++first) push_back(static_cast<int64_t>(*first));
  }
  void push_back(int64_t v) {
    if (size_ == capacity_) reserve(2 * capacity_);
    data_[size_++] = v;
  }
  int64_t& emplace_back(int64_t v) { return push_back(v), back(); }
  void pop_back() { --size_; }
  int64_t* insert(const int64_t* pos, int64_t v) { return insert(pos, &v, &v + 1); }
  int64_t* insert(const int64_t* pos, const int64_t* first, const int64_t* last);
  int64_t* erase(const int64_t* pos) { return erase(pos, pos + 1); }
  int64_t* erase(const int64_t* first, const int64_t* last);

  friend bool operator==(const Shape& a, const Shape& b) {
    return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
  }
  friend bool operator==(const Shape& a, const std::vector<int64_t>& b) {
    return a.size_ == b.size() && std::equal(a.begin(), a.end(), b.begin());
  }

 private:
  static constexpr size_t kInline = 5;
  void take(Shape& other);  // steals other's sizes, leaving it empty
  void release() {
    if (data_ != inline_) delete[] data_;
    data_ = inline_, capacity_ = kInline, size_ = 0;
  }

  int64_t* data_ = inline_;
  size_t size_ = 0, capacity_ = kInline;
  int64_t inline_[kInline];
};

/// The element types: float32 for training, float64 for gradient checks, int64 for indices.
enum class DType { Float32, Float64, Int64 };

/// Raised for every misuse of the public API: wrong shapes, dtypes, indices, files. The message
/// names the op and the shapes involved, e.g. "matmul: cannot multiply (32, 48) by (24, 128)".
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// "(32, 48)"; a 0-d shape prints as "()".
std::string to_string(const Shape& shape);
const char* dtype_name(DType dtype);  ///< "float32", "float64", "int64"
size_t dtype_size(DType dtype);  ///< bytes per element: 4 or 8

/// The product of the sizes; 1 for a 0-d shape. Throws for a negative size or a product beyond
/// int64 ("numel: shape (4611686018427387904, 3) has more than 2^63 elements").
int64_t numel(const Shape& shape);
/// a * b and a + b for sizes, throwing "what: a * b overflows a 64-bit count" instead of wrapping.
int64_t checked_mul(int64_t a, int64_t b, const char* what);
int64_t checked_add(int64_t a, int64_t b, const char* what);
Shape contiguous_strides(const Shape& shape);  ///< row-major strides, in elements

/// Maps a possibly negative dim (-1 is the last) into [0, ndim); throws naming `op` if out of range.
int64_t normalize_dim(int64_t dim, int64_t ndim, const char* op);

/// NumPy broadcasting: align trailing dims, sizes must match or be 1.
/// Throws "op: cannot broadcast (2, 3) with (4,)".
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op);

}  // namespace ripple
