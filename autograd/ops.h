// The differentiable ops: PyTorch's names and semantics, each recording its backward rule.
//
// Every op here works on float32 and float64 tensors (indices are int64), broadcasts its operands
// NumPy-style where it takes two, and throws ripple::Error naming itself and the shapes on misuse.
// The backward rules sit next to the forward code in one file per family:
//   elementwise.cpp  add sub mul div neg pow exp log tanh sigmoid relu sqrt abs where clamp, compare
//   reduce.cpp       sum mean var max logsumexp softmax log_softmax (and argmax, no gradient)
//   matmul.cpp       matmul
//   shape.cpp        reshape permute transpose narrow select squeeze unsqueeze expand contiguous
//                    concat stack to_dtype
//   index.cpp        index_select embedding gather
#pragma once

#include <vector>

#include "engine.h"
#include "../core/tensor.h"

namespace ripple {

// --- elementwise, with broadcasting ------------------------------------------------------------
Tensor add(const Tensor& a, const Tensor& b);
Tensor sub(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
Tensor neg(const Tensor& x);
Tensor pow(const Tensor& x, double exponent);
Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor sigmoid(const Tensor& x);
Tensor relu(const Tensor& x);
Tensor sqrt(const Tensor& x);
Tensor abs(const Tensor& x);
// cond ? a : b elementwise, cond nonzero meaning true (all three broadcast).
Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);
Tensor clamp(const Tensor& x, double low, double high);
// Comparisons give 1 or 0 in the dtype of the operands; they have no gradient.
Tensor eq(const Tensor& a, const Tensor& b);
Tensor ne(const Tensor& a, const Tensor& b);
Tensor lt(const Tensor& a, const Tensor& b);
Tensor le(const Tensor& a, const Tensor& b);
Tensor gt(const Tensor& a, const Tensor& b);
Tensor ge(const Tensor& a, const Tensor& b);

Tensor operator+(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& a, const Tensor& b);
Tensor operator*(const Tensor& a, const Tensor& b);
Tensor operator/(const Tensor& a, const Tensor& b);
Tensor operator-(const Tensor& x);
// Scalar forms: the scalar takes the tensor's dtype.
Tensor operator+(const Tensor& a, double s);
Tensor operator-(const Tensor& a, double s);
Tensor operator*(const Tensor& a, double s);
Tensor operator/(const Tensor& a, double s);
Tensor operator+(double s, const Tensor& a);
Tensor operator-(double s, const Tensor& a);
Tensor operator*(double s, const Tensor& a);
Tensor operator/(double s, const Tensor& a);

// --- reductions: `dims` empty means all dims; negative dims count from the end --------------------
Tensor sum(const Tensor& x, std::vector<int64_t> dims = {}, bool keepdim = false);
Tensor mean(const Tensor& x, std::vector<int64_t> dims = {}, bool keepdim = false);
// Variance; unbiased divides by n - 1 (PyTorch's default), biased by n.
Tensor var(const Tensor& x, std::vector<int64_t> dims = {}, bool unbiased = true,
           bool keepdim = false);
Tensor max(const Tensor& x, int64_t dim, bool keepdim = false);  // gradient to the argmax
Tensor argmax(const Tensor& x, int64_t dim, bool keepdim = false);  // int64, no gradient
Tensor logsumexp(const Tensor& x, int64_t dim, bool keepdim = false);
Tensor softmax(const Tensor& x, int64_t dim);
Tensor log_softmax(const Tensor& x, int64_t dim);
// Sums g over the dims that broadcasting added or stretched, giving `shape`.
Tensor sum_to_shape(const Tensor& g, const Shape& shape);

// --- matmul ------------------------------------------------------------------------------------
// (..., M, K) @ (..., K, N) -> (..., M, N); batch dims broadcast; 1-d operands as in PyTorch.
Tensor matmul(const Tensor& a, const Tensor& b);

// --- shape: views share storage with their input ----------------------------------------------
// A view when the strides allow it, else a copy. One size may be -1 (inferred).
Tensor reshape(const Tensor& x, Shape shape);
Tensor flatten(const Tensor& x, int64_t start_dim = 0, int64_t end_dim = -1);
Tensor permute(const Tensor& x, const std::vector<int64_t>& order);
Tensor transpose(const Tensor& x, int64_t dim0, int64_t dim1);
Tensor narrow(const Tensor& x, int64_t dim, int64_t start, int64_t length);
// Python's x[start:end] along dim (negative bounds count from the end, clamped like Python).
Tensor slice(const Tensor& x, int64_t dim, int64_t start, int64_t end);
Tensor select(const Tensor& x, int64_t dim, int64_t index);  // drops dim; x[i] is select(x, 0, i)
Tensor squeeze(const Tensor& x, int64_t dim);
Tensor unsqueeze(const Tensor& x, int64_t dim);
Tensor expand(const Tensor& x, const Shape& shape);  // size-1 dims stretch (stride 0), -1 keeps
Tensor contiguous(const Tensor& x);
Tensor concat(const std::vector<Tensor>& xs, int64_t dim);
Tensor stack(const std::vector<Tensor>& xs, int64_t dim);
Tensor to_dtype(const Tensor& x, DType dtype);

// --- indexing -----------------------------------------------------------------------------------
// x's dim `dim` replaced by idx's shape (idx int64, any shape).
Tensor index_select(const Tensor& x, int64_t dim, const Tensor& idx);
// weight (V, C), idx (...) int64 -> (..., C), as torch.nn.functional.embedding.
Tensor embedding(const Tensor& weight, const Tensor& idx);
// out[i][j] = x[i][idx[i][j]] for dim 1, as torch.gather.
Tensor gather(const Tensor& x, int64_t dim, const Tensor& idx);

}  // namespace ripple
