/// @file
/// Tensor: a cheap handle to an n-d view of shared storage.
///
/// Copying a Tensor is shallow: both handles see the same numbers, like a shared_ptr (as in
/// PyTorch and flashlight). A tensor is storage + offset + shape + strides + dtype; views (reshape,
/// permute, narrow, expand...) make a new handle over the same storage, `contiguous()` copies.
///
/// The autograd fields (requires_grad, grad, grad_fn) live here as plain data so that every tensor
/// can take part in a graph; the graph itself is built by the ops in autograd/ (see engine.h).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <vector>

#include "shape.h"

namespace ripple {

struct Node;  // a recorded op in the autograd graph (autograd/engine.h)

/// A block of raw memory, 64-byte aligned, not initialised. Several tensors may view the same
/// storage. Freed blocks are cached for reuse by the next storage of the same size (storage.cpp).
struct Storage {
  explicit Storage(size_t bytes);
  ~Storage();
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  void* data;
  size_t bytes;
};

/// What a Tensor handle points to: the view of the storage and the autograd fields.
struct TensorImpl {
  std::shared_ptr<Storage> storage;
  int64_t offset = 0;  ///< in elements
  Shape shape, strides;
  DType dtype = DType::Float32;
  // autograd
  bool requires_grad = false;           ///< a leaf whose gradient is wanted, or a result of one
  std::shared_ptr<TensorImpl> grad;     ///< accumulated by backward() on leaves
  std::shared_ptr<Node> grad_fn;        ///< the op that made this tensor (null for leaves)
};

/// A handle to an n-d view of shared storage; copies are shallow (see tensor.h).
class Tensor {
 public:
  Tensor() = default;  ///< an undefined tensor; defined() is false
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}  ///< wraps `impl`

  bool defined() const { return impl_ != nullptr; }  ///< false for a default-constructed handle
  const Shape& shape() const { return impl_->shape; }
  const Shape& strides() const { return impl_->strides; }  ///< in elements, one per dim
  int64_t offset() const { return impl_->offset; }  ///< of the first element, in elements
  int64_t dim() const { return static_cast<int64_t>(impl_->shape.size()); }  ///< the number of dims
  int64_t size(int64_t d) const;  ///< negative d counts from the end
  int64_t numel() const { return ripple::numel(impl_->shape); }  ///< the number of elements
  DType dtype() const { return impl_->dtype; }
  bool is_contiguous() const;  ///< row-major with no gaps (size-1 dims may have any stride)
  bool is_floating() const { return dtype() != DType::Int64; }  ///< float32 or float64

  /// Pointer to the first element; T must match dtype() (throws ripple::Error otherwise). Walk it
  /// with strides() unless is_contiguous().
  template <class T>
  T* data() const;
  void* raw_data() const;  ///< the same pointer, untyped

  /// @name Element access
  /// Mainly for tests and printing (slow: one call per element). Out-of-range indices throw.
  /// @{
  double item() const;                               ///< a tensor of one element
  double at(std::initializer_list<int64_t> index) const;  ///< one index per dim
  double at_flat(int64_t i) const;                   ///< i-th element in row-major order
  void set_flat(int64_t i, double value);            ///< writes the i-th element, row-major
  template <class T = double>
  std::vector<T> to_vector() const;                  ///< all elements, row-major
  /// @}

  // --- autograd (defined in autograd/engine.cpp) ----------------------------------------------
  bool requires_grad() const { return impl_->requires_grad; }  ///< see requires_grad_()
  Tensor& requires_grad_(bool on = true);  ///< only on leaves (tensors with no grad_fn), float only
  Tensor grad() const;                     ///< undefined until a backward() reached this leaf
  void zero_grad();                        ///< drops the accumulated gradient
  /// Replaces the gradient with a copy of g, converted to this tensor's dtype (PyTorch's
  /// `p.grad = g`). Throws ripple::Error unless g has this tensor's shape.
  void set_grad(const Tensor& g);
  const std::shared_ptr<Node>& grad_fn() const { return impl_->grad_fn; }  ///< null for leaves
  /// Reverse-mode: accumulates d(this)/d(leaf) into every leaf's grad(). `this` must hold one
  /// element unless `gradient` (same shape) is given. Frees the graph.
  void backward(const Tensor& gradient = Tensor()) const;
  /// The same numbers, cut from the graph: no grad_fn, requires_grad false, storage shared.
  Tensor detach() const;

  TensorImpl* impl() const { return impl_.get(); }
  const std::shared_ptr<TensorImpl>& impl_ptr() const { return impl_; }
  /// True for two handles of the same tensor (not merely equal values).
  bool is_same(const Tensor& other) const { return impl_ == other.impl_; }

 private:
  std::shared_ptr<TensorImpl> impl_;
};

// --- creation ----------------------------------------------------------------------------------
Tensor empty(const Shape& shape, DType dtype = DType::Float32);  ///< uninitialised
Tensor zeros(const Shape& shape, DType dtype = DType::Float32);
Tensor ones(const Shape& shape, DType dtype = DType::Float32);
/// Every element `value`.
Tensor full(const Shape& shape, double value, DType dtype = DType::Float32);
Tensor scalar(double value, DType dtype = DType::Float32);  ///< a 0-d tensor
Tensor zeros_like(const Tensor& t);  ///< zeros of t's shape and dtype
Tensor ones_like(const Tensor& t);   ///< ones of t's shape and dtype
/// [start, end) in steps of `step`, as PyTorch: arange(5) is 0, 1, 2, 3, 4.
Tensor arange(double start, double end, double step = 1, DType dtype = DType::Float32);
Tensor arange(int64_t n, DType dtype = DType::Float32);  ///< arange(0, n, 1)
/// Copies `values` (row-major) into a new tensor of `shape`. Without a shape the tensor is 1-d,
/// except that a single value gives a 0-d tensor (so shape [] read from a file round-trips; pass
/// {1} for a (1,) tensor). Throws if the counts differ. The dtype follows the vector's type.
/// @{
Tensor from_vector(const std::vector<float>& values, Shape shape = {});
Tensor from_vector(const std::vector<double>& values, Shape shape = {});
Tensor from_vector(const std::vector<int64_t>& values, Shape shape = {});
/// @}
/// tensor({1, 2, 3}) or tensor({1, 2, 3, 4}, {2, 2}, DType::Float64); shapes as from_vector.
Tensor tensor(std::initializer_list<double> values, Shape shape = {},
              DType dtype = DType::Float32);

// --- raw views and copies (no autograd; the differentiable forms are in autograd/ops.h) --------
/// Views and copies without autograd, for the ops' own code.
namespace kernel {
/// A view of t's storage with the given shape, strides and offset (in elements), unchecked.
Tensor as_strided(const Tensor& t, Shape shape, Shape strides, int64_t offset);
Tensor contiguous(const Tensor& t);      ///< t itself if already contiguous
Tensor clone(const Tensor& t);           ///< always a fresh contiguous copy
Tensor to_dtype(const Tensor& t, DType dtype);  ///< t itself if already of that dtype, else a copy
/// Copies src into dst elementwise; src broadcasts to dst's shape.
void copy_into(const Tensor& dst, const Tensor& src);
}  // namespace kernel

/// Prints like PyTorch: tensor([[1.0000, 2.0000], ...], shape=(2, 2), dtype=float32).
std::ostream& operator<<(std::ostream& os, const Tensor& t);

}  // namespace ripple
