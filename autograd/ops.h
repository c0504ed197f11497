/// @file
/// The differentiable ops: PyTorch's names and semantics, each recording its backward rule.
///
/// Every op here works on float32 and float64 tensors (indices are int64), broadcasts its operands
/// NumPy-style where it takes two, and throws ripple::Error naming itself and the shapes on misuse.
/// The backward rules sit next to the forward code in one file per family:
/// @code{.unparsed}
///   elementwise.cpp  add sub mul div neg pow exp log tanh sigmoid relu sqrt abs where clamp, compare
///   reduce.cpp       sum mean var max logsumexp softmax log_softmax (and argmax, no gradient)
///   matmul.cpp       matmul
///   shape.cpp        reshape permute transpose narrow select squeeze unsqueeze expand contiguous
///                    concat stack to_dtype
///   index.cpp        index_select embedding gather
/// @endcode
#pragma once

#include <vector>

#include "engine.h"
#include "../core/tensor.h"

namespace ripple {

// --- elementwise, with broadcasting ------------------------------------------------------------
Tensor add(const Tensor& a, const Tensor& b);   ///< a + b
Tensor sub(const Tensor& a, const Tensor& b);   ///< a - b
Tensor mul(const Tensor& a, const Tensor& b);   ///< a * b
Tensor div(const Tensor& a, const Tensor& b);   ///< a / b
Tensor neg(const Tensor& x);                    ///< -x
Tensor pow(const Tensor& x, double exponent);   ///< x^exponent
Tensor exp(const Tensor& x);                    ///< e^x
Tensor log(const Tensor& x);                    ///< natural logarithm
Tensor tanh(const Tensor& x);                   ///< hyperbolic tangent
Tensor sigmoid(const Tensor& x);                ///< 1 / (1 + e^-x)
Tensor relu(const Tensor& x);                   ///< max(x, 0)
Tensor sqrt(const Tensor& x);                   ///< square root
Tensor abs(const Tensor& x);                    ///< |x|; gradient 0 at 0
/// cond ? a : b elementwise, cond nonzero meaning true (all three broadcast).
Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);
/// x limited to [low, high]; the gradient passes where low <= x <= high. Throws if low > high.
Tensor clamp(const Tensor& x, double low, double high);
/// Comparisons give 1 or 0 in the dtype of the operands, which may be float32, float64 or int64
/// (so eq(argmax(logits, 1), labels) marks the correct predictions); they have no gradient.
/// @{
Tensor eq(const Tensor& a, const Tensor& b);
Tensor ne(const Tensor& a, const Tensor& b);
Tensor lt(const Tensor& a, const Tensor& b);
Tensor le(const Tensor& a, const Tensor& b);
Tensor gt(const Tensor& a, const Tensor& b);
Tensor ge(const Tensor& a, const Tensor& b);
/// @}

Tensor operator+(const Tensor& a, const Tensor& b);  ///< add(a, b)
Tensor operator-(const Tensor& a, const Tensor& b);  ///< sub(a, b)
Tensor operator*(const Tensor& a, const Tensor& b);  ///< mul(a, b)
Tensor operator/(const Tensor& a, const Tensor& b);  ///< div(a, b)
Tensor operator-(const Tensor& x);                   ///< neg(x)
/// Scalar forms: the scalar takes the tensor's dtype.
/// @{
Tensor operator+(const Tensor& a, double s);
Tensor operator-(const Tensor& a, double s);
Tensor operator*(const Tensor& a, double s);
Tensor operator/(const Tensor& a, double s);
Tensor operator+(double s, const Tensor& a);
Tensor operator-(double s, const Tensor& a);
Tensor operator*(double s, const Tensor& a);
Tensor operator/(double s, const Tensor& a);
/// @}

// --- reductions: `dims` empty means all dims; negative dims count from the end --------------------
/// The sum over `dims`, which are dropped, or kept with size 1 when keepdim.
Tensor sum(const Tensor& x, std::vector<int64_t> dims = {}, bool keepdim = false);
/// The mean over `dims`, as sum. Throws if a reduced dim is empty.
Tensor mean(const Tensor& x, std::vector<int64_t> dims = {}, bool keepdim = false);
/// Variance; unbiased divides by n - 1 (PyTorch's default), biased by n.
Tensor var(const Tensor& x, std::vector<int64_t> dims = {}, bool unbiased = true,
           bool keepdim = false);
Tensor max(const Tensor& x, int64_t dim, bool keepdim = false);  ///< gradient to the argmax
Tensor argmax(const Tensor& x, int64_t dim, bool keepdim = false);  ///< int64, no gradient
/// log(sum(exp(x))) along dim, computed stably (shifted by the maximum).
Tensor logsumexp(const Tensor& x, int64_t dim, bool keepdim = false);
Tensor softmax(const Tensor& x, int64_t dim);      ///< exp(x) / sum(exp(x)) along dim
Tensor log_softmax(const Tensor& x, int64_t dim);  ///< x - logsumexp(x) along dim
/// Sums g over the dims that broadcasting added or stretched, giving `shape`.
Tensor sum_to_shape(const Tensor& g, const Shape& shape);

// --- matmul ------------------------------------------------------------------------------------
/// (..., M, K) @ (..., K, N) -> (..., M, N); batch dims broadcast; 1-d operands as in PyTorch.
Tensor matmul(const Tensor& a, const Tensor& b);

// --- shape: views share storage with their input ----------------------------------------------
/// A view when the strides allow it, else a copy. One size may be -1 (inferred).
Tensor reshape(const Tensor& x, Shape shape);
/// Dims start_dim..end_dim (inclusive) merged into one, by reshape; a 0-d x gives (1,).
Tensor flatten(const Tensor& x, int64_t start_dim = 0, int64_t end_dim = -1);
/// A view whose dim i is x's dim order[i]; throws unless order is a permutation of the dims.
Tensor permute(const Tensor& x, const std::vector<int64_t>& order);
Tensor transpose(const Tensor& x, int64_t dim0, int64_t dim1);  ///< a view with two dims swapped
/// A view of entries [start, start + length) along dim; throws if that is out of range.
Tensor narrow(const Tensor& x, int64_t dim, int64_t start, int64_t length);
/// Python's x[start:end] along dim (negative bounds count from the end, clamped like Python).
Tensor slice(const Tensor& x, int64_t dim, int64_t start, int64_t end);
Tensor select(const Tensor& x, int64_t dim, int64_t index);  ///< drops dim; x[i] is select(x, 0, i)
Tensor squeeze(const Tensor& x, int64_t dim);    ///< drops dim if its size is 1, else returns x
Tensor unsqueeze(const Tensor& x, int64_t dim);  ///< inserts a size-1 dim at dim (-1 appends)
Tensor expand(const Tensor& x, const Shape& shape);  ///< size-1 dims stretch (stride 0), -1 keeps
Tensor contiguous(const Tensor& x);  ///< x itself if contiguous, else a copy
Tensor concat(const std::vector<Tensor>& xs, int64_t dim);  ///< joined along an existing dim
/// Joined along a new dim at `dim`; throws unless all have one shape.
Tensor stack(const std::vector<Tensor>& xs, int64_t dim);
/// x itself if already of `dtype`, else a converted copy (its gradient is converted back).
Tensor to_dtype(const Tensor& x, DType dtype);

// --- indexing -----------------------------------------------------------------------------------
/// x's dim `dim` replaced by idx's shape (idx int64, any shape).
Tensor index_select(const Tensor& x, int64_t dim, const Tensor& idx);
/// weight (V, C), idx (...) int64 -> (..., C), as torch.nn.functional.embedding.
Tensor embedding(const Tensor& weight, const Tensor& idx);
/// out[i][j] = x[i][idx[i][j]] for dim 1, as torch.gather.
Tensor gather(const Tensor& x, int64_t dim, const Tensor& idx);

}  // namespace ripple
