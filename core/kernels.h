// Raw compute kernels on tensors: no autograd, no graph. The differentiable ops in autograd/
// call these for their forward and backward passes.
#pragma once

#include <vector>

#include "tensor.h"

namespace ripple::kernel {

// --- reductions (core/reduce.cpp) --------------------------------------------------------------
// `dims` are normalised and sorted; an empty list means every dim.
std::vector<int64_t> reduce_dims(const Tensor& x, std::vector<int64_t> dims, const char* op);
Shape reduced_shape(const Shape& shape, const std::vector<int64_t>& dims, bool keepdim);
// Sum over dims (accumulated in double), result of reduced_shape(..., keepdim).
Tensor sum(const Tensor& x, const std::vector<int64_t>& dims, bool keepdim);
// Max over one dim: values (x's dtype) and their indices (int64), first index on ties.
std::pair<Tensor, Tensor> max(const Tensor& x, int64_t dim, bool keepdim);
// Numerically stable along one dim (the max is subtracted first).
Tensor softmax(const Tensor& x, int64_t dim);
Tensor log_softmax(const Tensor& x, int64_t dim);

// --- matmul (core/matmul.cpp) ------------------------------------------------------------------
// (..., M, K) @ (..., K, N) -> (..., M, N) on cblas_sgemm / cblas_dgemm; batch dims broadcast.
// Operands whose last two dims are transposed views are passed to BLAS as such, without a copy.
Tensor matmul(const Tensor& a, const Tensor& b);

// The GEMM helpers of the fused ops (linear, conv1d): views that hand BLAS its operands without
// copies, and the bias added to a product's rows.
// t's elements in row-major order viewed with `shape` (same numel); t is copied only if it is
// not contiguous. PyTorch's view on contiguous tensors.
Tensor view(const Tensor& t, const Shape& shape);
// t (..., C), at least 1-d, viewed as a matrix (M, C), M the product of the leading dims, as view.
Tensor as_matrix(const Tensor& t);
// The transpose of a 2-d matrix as a view: (rows, cols) -> (cols, rows), no copy (matmul reads it
// as a transposed operand).
Tensor transposed(const Tensor& m);
// y (M, C) contiguous, bias (C,): y[i, :] += bias, in place, for every row i.
void add_bias(const Tensor& y, const Tensor& bias);

// --- indexing (core/index.cpp) -----------------------------------------------------------------
// out = x with dim `dim` replaced by idx's shape: out[..., i..., ...] = x[..., idx[i...], ...].
Tensor index_select(const Tensor& x, int64_t dim, const Tensor& idx);
// The adjoint of index_select: a zero tensor of `shape` with src's slices added at idx.
Tensor index_add(const Shape& shape, int64_t dim, const Tensor& idx, const Tensor& src);
// out[i][j] = x[i][idx[i][j]] (for dim = 1; any dim likewise); idx has x's rank.
Tensor gather(const Tensor& x, int64_t dim, const Tensor& idx);
// The adjoint of gather: a zero tensor of `shape` with src added at idx.
Tensor scatter_add(const Shape& shape, int64_t dim, const Tensor& idx, const Tensor& src);
// Joins tensors along an existing dim.
Tensor concat(const std::vector<Tensor>& xs, int64_t dim);

// Throws "op: index 30 is out of range for size 27" unless every idx value is in [0, size).
void check_indices(const Tensor& idx, int64_t size, const char* op);

}  // namespace ripple::kernel
