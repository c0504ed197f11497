// matmul: (..., M, K) @ (..., K, N) -> (..., M, N), float32 on kernel::sgemm (core/gemm.h:
// ripple's kernels or OpenBLAS), float64 on OpenBLAS.
//
// GEMM wants row-major matrices, each either as stored or transposed, with a leading dimension.
// A view whose last two dims are plain or transposed (as after transpose(-2, -1)) is handed to
// BLAS directly; anything else is copied contiguous first. When b has no batch dims and a is
// contiguous, a's batch dims fold into M, so (B, T, C) @ (C, N) is a single GEMM.
//
// Below matmul, the helpers the fused ops (linear, conv1d) build their GEMMs with: a tensor viewed
// as a matrix and back, a transpose as a view, and the bias added to each row of a product.
#include <cblas.h>

#include <optional>

#include "core/gemm.h"
#include "core/kernels.h"
#include "core/loops.h"

namespace ripple::kernel {
namespace {

struct Layout {
  CBLAS_TRANSPOSE trans;
  int64_t ld;
};

// How BLAS can read a (rows, cols) matrix with element strides (s_rows, s_cols), if it can.
std::optional<Layout> blas_layout(int64_t rows, int64_t cols, int64_t s_rows, int64_t s_cols) {
  const int64_t r = std::max<int64_t>(rows, 1), c = std::max<int64_t>(cols, 1);
  if (cols == 1 || s_cols == 1) {
    int64_t ld = rows == 1 ? c : s_rows;
    if (ld >= c) return Layout{CblasNoTrans, ld};
  }
  if (rows == 1 || s_rows == 1) {
    int64_t ld = cols == 1 ? r : s_cols;
    if (ld >= r) return Layout{CblasTrans, ld};
  }
  return std::nullopt;
}

template <class T>
void gemm(Layout la, Layout lb, int64_t m, int64_t n, int64_t k, const T* a, const T* b, T* c) {
  if constexpr (std::is_same_v<T, float>)  // ripple's kernels for the small products (gemm.h)
    sgemm(la.trans == CblasTrans, lb.trans == CblasTrans, m, n, k, a, la.ld, b, lb.ld, c, n);
  else
    cblas_dgemm(CblasRowMajor, la.trans, lb.trans, m, n, k, 1.0, a, la.ld, b, lb.ld, 0.0, c, n);
}

}  // namespace

Tensor matmul(const Tensor& a_in, const Tensor& b_in) {
  if (a_in.dim() < 1 || b_in.dim() < 1)
    throw Error("matmul: both operands need at least 1 dim, got " + to_string(a_in.shape()) +
                " and " + to_string(b_in.shape()));
  // 1-d operands as in PyTorch: a vector is a row on the left, a column on the right.
  Tensor a = a_in.dim() == 1 ? as_strided(a_in, {1, a_in.size(0)}, {0, a_in.strides()[0]}, a_in.offset()) : a_in;
  Tensor b = b_in.dim() == 1 ? as_strided(b_in, {b_in.size(0), 1}, {b_in.strides()[0], 0}, b_in.offset()) : b_in;
  const int64_t m = a.size(-2), k = a.size(-1), n = b.size(-1);
  if (b.size(-2) != k)
    throw Error("matmul: cannot multiply " + to_string(a_in.shape()) + " by " +
                to_string(b_in.shape()));
  if (a.dtype() != b.dtype() || !a.is_floating())
    throw Error(std::string("matmul: need two float tensors of one dtype, got ") +
                dtype_name(a.dtype()) + " and " + dtype_name(b.dtype()));

  Shape batch_a(a.shape().begin(), a.shape().end() - 2);
  Shape batch_b(b.shape().begin(), b.shape().end() - 2);
  Shape batch;
  try {
    batch = broadcast_shapes(batch_a, batch_b, "matmul");
  } catch (const Error&) {
    throw Error("matmul: cannot multiply " + to_string(a_in.shape()) + " by " +
                to_string(b_in.shape()) + ": batch dims " + to_string(batch_a) + " and " +
                to_string(batch_b) + " do not broadcast");
  }
  Shape out_shape = batch;
  if (a_in.dim() > 1) out_shape.push_back(m);
  if (b_in.dim() > 1) out_shape.push_back(n);
  Tensor out = empty(out_shape, a.dtype());
  if (m == 0 || n == 0 || numel(batch) == 0) return out;
  if (k == 0) return zeros(out_shape, a.dtype());

  auto layout = [](Tensor& t) {
    const int64_t d = t.dim();
    auto l = blas_layout(t.shape()[d - 2], t.shape()[d - 1], t.strides()[d - 2], t.strides()[d - 1]);
    if (l) return *l;
    t = clone(t);
    return *blas_layout(t.shape()[d - 2], t.shape()[d - 1], t.strides()[d - 2], t.strides()[d - 1]);
  };

  dispatch_float(a.dtype(), "matmul", [&]<class T>() {
    T* c = out.data<T>();
    // b shared by every batch entry and a contiguous: one GEMM with M = batch * m.
    bool b_shared = true;
    for (size_t i = 0; i < batch_b.size(); ++i) b_shared = b_shared && batch_b[i] == 1;
    if (b_shared && a.is_contiguous() && numel(batch_a) == numel(batch)) {
      Layout lb = layout(b);
      gemm<T>(Layout{CblasNoTrans, k}, lb, numel(batch) * m, n, k, a.data<T>(), b.data<T>(), c);
      return;
    }
    Layout la = layout(a), lb = layout(b);
    Shape sa = broadcast_strides(batch_a, Shape(a.strides().begin(), a.strides().end() - 2), batch);
    Shape sb = broadcast_strides(batch_b, Shape(b.strides().begin(), b.strides().end() - 2), batch);
    const T* pa = a.data<T>();
    const T* pb = b.data<T>();
    int64_t entry = 0;
    for_each_strided<2>(batch, {sa, sb}, [&](const int64_t* off, int64_t len, const int64_t* step) {
      for (int64_t i = 0; i < len; ++i, ++entry)
        gemm<T>(la, lb, m, n, k, pa + off[0] + i * step[0], pb + off[1] + i * step[1],
                c + entry * m * n);
    });
  });
  return out;
}

Tensor view(const Tensor& t, const Shape& shape) {
  const Tensor c = contiguous(t);
  return as_strided(c, shape, contiguous_strides(shape), c.offset());
}

Tensor as_matrix(const Tensor& t) {
  const Shape lead(t.shape().begin(), t.shape().end() - 1);
  return view(t, {numel(lead), t.size(-1)});
}

Tensor transposed(const Tensor& m) {
  return as_strided(m, {m.size(1), m.size(0)}, {m.strides()[1], m.strides()[0]}, m.offset());
}

void add_bias(const Tensor& y, const Tensor& bias) {
  const Tensor b = contiguous(bias);  // a strided view would be read wrongly
  dispatch_float(y.dtype(), "add_bias", [&]<class T>() {
    T* py = y.data<T>();
    const T* __restrict pb = b.data<T>();
    const int64_t rows = y.size(0), C = y.size(1);
    for (int64_t r = 0; r < rows; ++r) {
      T* __restrict row = py + r * C;
      for (int64_t c = 0; c < C; ++c) row[c] += pb[c];
    }
  });
}

}  // namespace ripple::kernel
