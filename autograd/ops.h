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
///   linear.cpp       linear                      (fused: one GEMM forward, three backward)
///   conv1d.cpp       conv1d                      (fused: im2col + one GEMM)
///   batch_norm.cpp   batch_norm batch_norm_tanh  (fused, with an optional mask of counted rows)
///   activation.cpp   gated_activation            (fused tanh(a) * sigmoid(b))
///   loss.cpp         cross_entropy mse_loss mae_loss quantile_loss
/// @endcode
/// The modules of layers/ (Linear, Conv1d, BatchNorm1d, ...) own the parameters and call these.
#pragma once

#include <vector>

#include "engine.h"
#include "../core/collective.h"
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

// --- linear ------------------------------------------------------------------------------------
/// y = x @ weight^T + bias, fused into one op (torch.nn.functional.linear).
/// @code{.unparsed}
///   x: (..., in) any leading dims; weight: (out, in) (PyTorch's layout); bias: (out,) or undefined.
/// @endcode
/// Leading dims are folded into one GEMM, so (B, T, in) costs a single matrix product. Throws
/// ripple::Error naming the shapes if they do not fit, or the dtypes if they differ.
Tensor linear(const Tensor& x, const Tensor& weight, const Tensor& bias = Tensor());

// --- conv1d ------------------------------------------------------------------------------------
/// How conv1d pads its input: see conv1d() for the output length of each.
enum class Padding { Valid, Same, Causal };

const char* padding_name(Padding padding);  ///< "valid", "same", "causal"

/// Where the output of a convolution falls on its input.
struct Conv1dGeometry {
  int64_t out_length;  ///< T_out
  int64_t pad_left;    ///< zeros read before x[0]
  int64_t pad_right;   ///< zeros read after x[T - 1]
};

/// Throws ripple::Error naming `op` for kernel_size, stride or dilation below 1, or causal padding
/// with stride > 1: the configurations no input length can make valid.
void check_conv1d_config(int64_t kernel_size, int64_t stride, int64_t dilation, Padding padding,
                         const char* op = "conv1d");

/// T_out and the padding for an input of `length` steps. Throws ripple::Error (naming `op`) as
/// check_conv1d_config, and for an input too short for valid padding.
Conv1dGeometry conv1d_geometry(int64_t length, int64_t kernel_size, int64_t stride,
                               int64_t dilation, Padding padding, const char* op = "conv1d");

/// 1-d convolution over sequences (im2col + one GEMM; gradients for x, weight and bias).
///
/// Layouts (channels last, as in Keras):
/// @code{.unparsed}
///   x:      (B, T, C_in)        a batch of B sequences of T steps with C_in channels
///   weight: (K, C_in, C_out)    Keras's kernel layout: weight[k, i, o] links input channel i at
///                               tap k to output channel o (PyTorch stores (C_out, C_in, K))
///   bias:   (C_out,)            optional (undefined: none)
///   y:      (B, T_out, C_out)
/// @endcode
/// with
/// @code{.unparsed}
///   y[b, t, o] = bias[o] + sum_{k, i} weight[k, i, o] * xpad[b, t * stride + k * dilation, i]
/// @endcode
/// where xpad is x with pad_left zeros before it and pad_right zeros after it.
///
/// Padding, and the output length it gives (d = dilation, s = stride, K = kernel size):
/// @code{.unparsed}
///   Valid   no padding;                T_out = floor((T - d * (K - 1) - 1) / s) + 1
///   Same    Keras / TensorFlow rule;   T_out = ceil(T / s), total = max((T_out - 1) * s +
///           d * (K - 1) + 1 - T, 0), pad_left = total / 2, pad_right = total - pad_left
///           (so an even kernel pads one more step on the right)
///   Causal  pad_left = d * (K - 1), pad_right = 0, stride 1 only; T_out = T, and y[t]
///           depends on x[0..t] only
/// @endcode
/// All tensors float32 or all float64. Throws ripple::Error naming the shapes on a wrong rank,
/// a channel mismatch, a bias of the wrong size, a dtype mismatch, and as conv1d_geometry.
Tensor conv1d(const Tensor& x, const Tensor& weight, const Tensor& bias, int64_t stride = 1,
              int64_t dilation = 1, Padding padding = Padding::Valid);

// --- batch_norm --------------------------------------------------------------------------------
/// Which variance batch_norm normalises with and stores. PyTorch normalises with the biased
/// variance (divide by n) and stores the unbiased one (n - 1) in running_var; the makemore
/// lecture's hand-written BatchNorm1d uses torch.var's unbiased default for both.
enum class VarianceConvention { PyTorch, Unbiased };

/// batch_norm's settings, with PyTorch's defaults.
struct BatchNormOptions {
  double eps = 1e-5;      ///< added to the variance before the square root
  double momentum = 0.1;  ///< weight of the batch in the running statistics
  VarianceConvention variance = VarianceConvention::PyTorch;
  /// Data parallelism (core/collective.h): in training, the statistics and the backward's sums
  /// are added over the group's ranks, so N processes with their slices of a global batch
  /// normalise as one process does with the whole batch (PyTorch's SyncBatchNorm). Null: this
  /// process's rows alone. Every rank must then call batch_norm at the same points.
  Collective* group = nullptr;
};

/// Normalises each channel, then scales by gamma and shifts by beta (torch.nn.functional.batch_norm).
/// @code{.unparsed}
///   x: (N, C)    statistics over N            (PyTorch BatchNorm1d on (N, C))
///   x: (N, L, C) statistics over N and L      (channels last; the makemore lecture's fix)
///   gamma, beta: (C,); running_mean, running_var: (C,) buffers
/// @endcode
/// `training` normalises with the batch's own mean and variance and updates the running
/// statistics in place: running = (1 - momentum) * running + momentum * batch. Otherwise the
/// running statistics are used, so a single example gives a sensible output.
/// Throws if x is not (N, C) or (N, L, C) with C matching, or the dtypes differ.
///
/// `mask`, optional, is int64 with x's shape without the channels ((N,) or (N, L)), 1 where a row
/// counts and 0 where it does not: in training, only the counted rows give the batch statistics
/// (padding stays out), while every row is normalised with them. Evaluation ignores it. Throws if
/// its shape or dtype is wrong, a value is not 0 or 1, or fewer than two rows are counted in
/// training.
Tensor batch_norm(const Tensor& x, const Tensor& gamma, const Tensor& beta,
                  const Tensor& running_mean, const Tensor& running_var, bool training,
                  const BatchNormOptions& options = {}, const Tensor& mask = Tensor());

/// tanh(batch_norm(x, ...)) as one op, with the same arguments and the same numbers to the bit:
/// the forward writes tanh's output in the pass that normalises, and the backward takes tanh's
/// derivative in the pass that sums (the BatchNorm + activation fusion of cuDNN and oneDNN).
/// Sequential uses it for a BatchNorm1d followed by a Tanh.
Tensor batch_norm_tanh(const Tensor& x, const Tensor& gamma, const Tensor& beta,
                       const Tensor& running_mean, const Tensor& running_var, bool training,
                       const BatchNormOptions& options = {}, const Tensor& mask = Tensor());

// --- activations -------------------------------------------------------------------------------
/// WaveNet's gate: x (..., 2C) is split along the last dim into a = x[..., :C], b = x[..., C:]
/// and y = tanh(a) * sigmoid(b), y (..., C). Fused: one pass forward, one pass backward.
/// Throws ripple::Error if x is 0-d or its last dim is odd.
Tensor gated_activation(const Tensor& x);

// --- losses: each returns a 0-d tensor, the mean over examples ----------------------------------
/// Cross-entropy from raw logits, fused and stable (log-softmax is never materialised apart from
/// its row maximum): mean over targets of logsumexp(logits[i]) - logits[i][target[i]].
/// @code{.unparsed}
///   logits: (N, V) or (..., V); targets: int64 (N,) or (...), matching the leading dims.
/// @endcode
/// Targets equal to ignore_index are skipped and do not count in the mean (as PyTorch).
/// Throws on shape mismatch or a target outside [0, V).
Tensor cross_entropy(const Tensor& logits, const Tensor& targets, int64_t ignore_index = -100);

/// Mean squared error and mean absolute error; pred and target must have the same shape (no
/// silent broadcasting of (N, 1) against (N,)).
/// @{
Tensor mse_loss(const Tensor& pred, const Tensor& target);
Tensor mae_loss(const Tensor& pred, const Tensor& target);
/// @}

/// The quantile (pinball) loss of Koenker and Bassett (1978), as quantile forecasters train
/// (Darts' QuantileRegression, GluonTS): for level q and error d = y - p,
/// @code{.unparsed}
///   pinball_q(y, p) = q * d        if d >= 0   (forecast too low: weighted by q)
///                     (q - 1) * d  if d <  0   (too high: weighted by 1 - q)
///   pred (..., Q * E), level-major: pred[..., i * E + e] is the level levels[i] forecast of step e
///   target (..., E);   loss = sum over the Q levels of the mean over (..., E)
/// @endcode
/// Its minimiser over p is the q-quantile of y, so one head per level learns an interval. The
/// gradient at d = 0 is taken as -q (d >= 0's branch). Throws ripple::Error for levels outside
/// (0, 1) or shapes that do not fit.
Tensor quantile_loss(const Tensor& pred, const Tensor& target, const std::vector<double>& levels);

}  // namespace ripple
