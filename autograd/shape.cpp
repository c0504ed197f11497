// Shape ops: views that share storage with their input, and the joins concat / stack.
//
// A view's gradient puts g back where the view came from:
//   reshape: g reshaped to x's shape     permute: g permuted by the inverse order
//   narrow / select: g written into a zero tensor of x's shape at the viewed place
//   expand: g summed over the stretched dims (done by the engine, as for any broadcast)
//   concat: the matching slice of g for each input
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <optional>

#include "autograd/ops.h"
#include "core/kernels.h"

namespace ripple {

// Strides that let `new_shape` view memory laid out as (shape, strides), if any exist: runs of
// dims that are contiguous with each other can be split or merged freely.
static std::optional<Shape> view_strides(const Shape& shape, const Shape& strides,
                                         const Shape& new_shape) {
  if (shape.empty() || numel(shape) == 0) return contiguous_strides(new_shape);
  Shape out(new_shape.size());
  int64_t view_d = static_cast<int64_t>(new_shape.size()) - 1;
  int64_t base = strides.back(), chunk = 1, view_chunk = 1;
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    chunk *= shape[d];
    bool chunk_ends = d == 0 || (shape[d - 1] != 1 && strides[d - 1] != chunk * base);
    if (!chunk_ends) continue;
    while (view_d >= 0 && (view_chunk < chunk || new_shape[view_d] == 1)) {
      out[view_d] = view_chunk * base;
      view_chunk *= new_shape[view_d--];
    }
    if (view_chunk != chunk) return std::nullopt;
    if (d > 0) {
      base = strides[d - 1];
      chunk = view_chunk = 1;
    }
  }
  if (view_d != -1) return std::nullopt;
  return out;
}

Tensor reshape(const Tensor& x, Shape shape) {
  int64_t known = 1, infer = -1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1 && infer < 0) infer = static_cast<int64_t>(i);
    else if (shape[i] < 0) throw Error("reshape: invalid shape " + to_string(shape));
    else if (__builtin_mul_overflow(known, shape[i], &known))
      throw Error("reshape: shape " + to_string(shape) + " has more than 2^63 elements");
  }
  if (infer >= 0 && known > 0 && x.numel() % known == 0) shape[infer] = x.numel() / known;
  if ((infer >= 0 && shape[infer] < 0) || numel(shape) != x.numel())
    throw Error("reshape: cannot view " + to_string(x.shape()) + " (" +
                std::to_string(x.numel()) + " elements) as " + to_string(shape));
  if (shape == x.shape()) return x;
  Tensor src = x;
  auto strides = view_strides(x.shape(), x.strides(), shape);
  if (!strides) {
    src = kernel::clone(x);
    strides = contiguous_strides(shape);
  }
  Tensor out = kernel::as_strided(src, shape, *strides, src.offset());
  return record("reshape", out, {x}, [in = x.shape()](const Tensor& g) {
    return std::vector<Tensor>{reshape(g, in)};
  });
}

Tensor flatten(const Tensor& x, int64_t start_dim, int64_t end_dim) {
  if (x.dim() == 0) return reshape(x, {1});
  int64_t s = normalize_dim(start_dim, x.dim(), "flatten"), e = normalize_dim(end_dim, x.dim(), "flatten");
  Shape shape(x.shape().begin(), x.shape().begin() + s);
  shape.push_back(-1);
  shape.insert(shape.end(), x.shape().begin() + e + 1, x.shape().end());
  if (x.numel() == 0) shape[s] = 0;
  return reshape(x, shape);
}

Tensor permute(const Tensor& x, const std::vector<int64_t>& order) {
  std::vector<int64_t> dims(order.size());
  bool ok = static_cast<int64_t>(order.size()) == x.dim();
  for (size_t i = 0; ok && i < order.size(); ++i) dims[i] = normalize_dim(order[i], x.dim(), "permute");
  std::vector<int64_t> sorted = dims;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; ok && i < sorted.size(); ++i) ok = sorted[i] == static_cast<int64_t>(i);
  if (!ok) throw Error("permute: order " + to_string(order) + " is not a permutation of the dims of " + to_string(x.shape()));
  Shape shape(dims.size()), strides(dims.size());
  std::vector<int64_t> inverse(dims.size());
  for (size_t i = 0; i < dims.size(); ++i) {
    shape[i] = x.shape()[dims[i]];
    strides[i] = x.strides()[dims[i]];
    inverse[dims[i]] = static_cast<int64_t>(i);
  }
  Tensor out = kernel::as_strided(x, shape, strides, x.offset());
  return record("permute", out, {x}, [inverse](const Tensor& g) {
    return std::vector<Tensor>{permute(g, inverse)};
  });
}

Tensor transpose(const Tensor& x, int64_t dim0, int64_t dim1) {
  std::vector<int64_t> order(x.dim());
  std::iota(order.begin(), order.end(), 0);
  std::swap(order[normalize_dim(dim0, x.dim(), "transpose")], order[normalize_dim(dim1, x.dim(), "transpose")]);
  return permute(x, order);
}

// A zero tensor of `shape` with g written into the view (view_shape, strides of a contiguous
// tensor of `shape`, offset): the adjoint of taking that view.
static Tensor scatter_view(const Tensor& g, const Shape& shape, const Shape& view_shape,
                           const Shape& view_strides, int64_t offset) {
  Tensor out = zeros(shape, g.dtype());
  kernel::copy_into(kernel::as_strided(out, view_shape, view_strides, offset), g);
  return out;
}

Tensor narrow(const Tensor& x, int64_t dim, int64_t start, int64_t length) {
  dim = normalize_dim(dim, x.dim(), "narrow");
  if (start < 0 || length < 0 || start > x.shape()[dim] || length > x.shape()[dim] - start)
    throw Error("narrow: [" + std::to_string(start) + ", " +
                (start >= 0 && length > INT64_MAX - start ? std::to_string(start) + " + " + std::to_string(length)
                                            : std::to_string(start + length)) +
                ") is out of range for dim " + std::to_string(dim) + " of " + to_string(x.shape()));
  Shape shape = x.shape();
  shape[dim] = length;
  Tensor out = kernel::as_strided(x, shape, x.strides(), x.offset() + start * x.strides()[dim]);
  return record("narrow", out, {x}, [in = x.shape(), shape, dim, start](const Tensor& g) {
    Shape st = contiguous_strides(in);
    return std::vector<Tensor>{scatter_view(g, in, shape, st, start * st[dim])};
  });
}

Tensor slice(const Tensor& x, int64_t dim, int64_t start, int64_t end) {
  dim = normalize_dim(dim, x.dim(), "slice");
  const int64_t n = x.shape()[dim];
  auto clip = [n](int64_t i) { return std::clamp<int64_t>(i < 0 ? i + n : i, 0, n); };
  start = clip(start);
  end = std::max(clip(end), start);
  return narrow(x, dim, start, end - start);
}

Tensor select(const Tensor& x, int64_t dim, int64_t index) {
  dim = normalize_dim(dim, x.dim(), "select");
  const int64_t n = x.shape()[dim];
  if (index < -n || index >= n)
    throw Error("select: index " + std::to_string(index) + " is out of range for dim " +
                std::to_string(dim) + " of " + to_string(x.shape()));
  if (index < 0) index += n;
  Shape shape = x.shape(), strides = x.strides();
  shape.erase(shape.begin() + dim);
  strides.erase(strides.begin() + dim);
  Tensor out = kernel::as_strided(x, shape, strides, x.offset() + index * x.strides()[dim]);
  return record("select", out, {x}, [in = x.shape(), shape, dim, index](const Tensor& g) {
    Shape st = contiguous_strides(in);
    Shape view_st = st;
    view_st.erase(view_st.begin() + dim);
    return std::vector<Tensor>{scatter_view(g, in, shape, view_st, index * st[dim])};
  });
}

Tensor squeeze(const Tensor& x, int64_t dim) {
  dim = normalize_dim(dim, x.dim(), "squeeze");
  if (x.shape()[dim] != 1) return x;  // as PyTorch: squeezing a dim that is not 1 does nothing
  Shape shape = x.shape();
  shape.erase(shape.begin() + dim);
  return reshape(x, shape);
}

Tensor unsqueeze(const Tensor& x, int64_t dim) {
  dim = normalize_dim(dim, x.dim() + 1, "unsqueeze");
  Shape shape = x.shape();
  shape.insert(shape.begin() + dim, 1);
  return reshape(x, shape);
}

Tensor expand(const Tensor& x, const Shape& shape) {
  const int64_t lead = static_cast<int64_t>(shape.size()) - x.dim();
  if (lead < 0) throw Error("expand: cannot expand " + to_string(x.shape()) + " to " + to_string(shape));
  Shape out_shape(shape.size()), strides(shape.size(), 0);
  for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d) {
    int64_t want = shape[d];
    if (d < lead) {
      if (want == -1) throw Error("expand: -1 is not allowed for a new leading dim in " + to_string(shape));
      if (want < 0) throw Error("expand: cannot expand " + to_string(x.shape()) + " to " + to_string(shape));
      out_shape[d] = want;
      continue;
    }
    int64_t have = x.shape()[d - lead];
    if (want == -1) want = have;
    if ((have != want && have != 1) || want < 0)
      throw Error("expand: cannot expand " + to_string(x.shape()) + " to " + to_string(shape));
    out_shape[d] = want;
    strides[d] = have == want ? x.strides()[d - lead] : 0;
  }
  if (out_shape == x.shape()) return x;
  numel(out_shape);  // throws if the view's element count overflows: every later loop would wrap
  Tensor out = kernel::as_strided(x, out_shape, strides, x.offset());
  return record("expand", out, {x}, [](const Tensor& g) { return std::vector<Tensor>{g}; });
}

Tensor contiguous(const Tensor& x) {
  if (x.is_contiguous()) return x;
  return record("contiguous", kernel::clone(x), {x},
                [](const Tensor& g) { return std::vector<Tensor>{g}; });
}

Tensor concat(const std::vector<Tensor>& xs, int64_t dim) {
  Tensor out = kernel::concat(xs, dim);
  dim = normalize_dim(dim, out.dim(), "concat");
  std::vector<int64_t> sizes;
  for (const Tensor& x : xs) sizes.push_back(x.shape()[dim]);
  return record("concat", out, xs, [sizes, dim](const Tensor& g) {
    std::vector<Tensor> grads;
    int64_t at = 0;
    for (int64_t n : sizes) {
      grads.push_back(narrow(g, dim, at, n));
      at += n;
    }
    return grads;
  });
}

Tensor stack(const std::vector<Tensor>& xs, int64_t dim) {
  if (xs.empty()) throw Error("stack: no tensors given");
  for (const Tensor& x : xs)
    if (x.shape() != xs[0].shape())
      throw Error("stack: all tensors need one shape, got " + to_string(xs[0].shape()) +
                  " and " + to_string(x.shape()));
  std::vector<Tensor> parts;
  dim = normalize_dim(dim, xs[0].dim() + 1, "stack");
  for (const Tensor& x : xs) parts.push_back(unsqueeze(x, dim));
  return concat(parts, dim);
}

Tensor to_dtype(const Tensor& x, DType dtype) {
  if (x.dtype() == dtype) return x;
  return record("to_dtype", kernel::to_dtype(x, dtype), {x}, [from = x.dtype()](const Tensor& g) {
    return std::vector<Tensor>{kernel::to_dtype(g, from)};
  });
}

}  // namespace ripple
