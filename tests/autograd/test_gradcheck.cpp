// One gradient check per differentiable op (and per broadcasting or keepdim variant), in float64
// with central differences on sum(out * R) (see autograd/gradcheck.h). Inputs are small (2x3,
// 3x4) so the whole file runs in well under a second.
#include <gtest/gtest.h>

#include <cmath>

#include "autograd/gradcheck.h"
#include "autograd/ops.h"
#include "core/generator.h"

using namespace ripple;

namespace {

using Inputs = std::vector<Tensor>;

// N(0, 1) float64 values of `shape`, a different stream for every seed.
Tensor randn(const Shape& shape, uint64_t seed) {
  Generator g(seed);
  return g.normal(shape, 0, 1, DType::Float64);
}

// Values in [low, high): for ops defined or smooth only on part of the line (log, sqrt, pow).
Tensor rand(const Shape& shape, double low, double high, uint64_t seed) {
  Generator g(seed);
  return g.uniform(shape, low, high, DType::Float64);
}

// Normal values pushed at least `gap` away from every point in `kinks` (relu's 0, clamp's
// bounds), where the finite difference would straddle a corner.
Tensor away_from(const Shape& shape, std::vector<double> kinks, double gap, uint64_t seed) {
  Tensor x = randn(shape, seed);
  for (int64_t i = 0; i < x.numel(); ++i) {
    double v = x.at_flat(i);
    for (double k : kinks)
      if (std::abs(v - k) < gap) v = v < k ? k - gap : k + gap;
    x.set_flat(i, v);
  }
  return x;
}

Tensor index(std::vector<int64_t> v, Shape shape = {}) { return from_vector(v, std::move(shape)); }

#define EXPECT_GRADCHECK(f, ...)                             \
  do {                                                       \
    GradcheckResult r_ = gradcheck(f, Inputs{__VA_ARGS__});  \
    EXPECT_TRUE(r_.ok) << r_.message;                        \
  } while (0)

}  // namespace

// --- elementwise -------------------------------------------------------------------------------

TEST(Gradcheck, Add) {
  EXPECT_GRADCHECK([](const Inputs& in) { return add(in[0], in[1]); }, randn({2, 3}, 1), randn({2, 3}, 2));
}
TEST(Gradcheck, AddBroadcastRow) {  // (3, 4) + (4,)
  EXPECT_GRADCHECK([](const Inputs& in) { return in[0] + in[1]; }, randn({3, 4}, 1), randn({4}, 2));
}
TEST(Gradcheck, AddBroadcastBothWays) {  // (2, 1, 3) + (4, 1) -> (2, 4, 3)
  EXPECT_GRADCHECK([](const Inputs& in) { return in[0] + in[1]; }, randn({2, 1, 3}, 1), randn({4, 1}, 2));
}
TEST(Gradcheck, AddSameTensorTwice) {
  EXPECT_GRADCHECK([](const Inputs& in) { return in[0] + in[0]; }, randn({2, 3}, 1));
}
TEST(Gradcheck, Sub) {
  EXPECT_GRADCHECK([](const Inputs& in) { return sub(in[0], in[1]); }, randn({2, 3}, 1), randn({2, 3}, 2));
}
TEST(Gradcheck, SubBroadcastColumn) {  // (3, 4) - (3, 1)
  EXPECT_GRADCHECK([](const Inputs& in) { return in[0] - in[1]; }, randn({3, 4}, 1), randn({3, 1}, 2));
}
TEST(Gradcheck, Mul) {
  EXPECT_GRADCHECK([](const Inputs& in) { return mul(in[0], in[1]); }, randn({2, 3}, 1), randn({2, 3}, 2));
}
TEST(Gradcheck, MulBroadcastColumn) {  // (3, 1) * (1, 4)
  EXPECT_GRADCHECK([](const Inputs& in) { return in[0] * in[1]; }, randn({3, 1}, 1), randn({1, 4}, 2));
}
TEST(Gradcheck, MulSquare) {  // x * x: both gradients land on one leaf
  EXPECT_GRADCHECK([](const Inputs& in) { return in[0] * in[0]; }, randn({2, 3}, 1));
}
TEST(Gradcheck, Div) {
  EXPECT_GRADCHECK([](const Inputs& in) { return div(in[0], in[1]); }, randn({2, 3}, 1),
                   rand({2, 3}, 0.5, 2, 2));
}
TEST(Gradcheck, DivBroadcastScalar) {  // (2, 3) / () and () / (2, 3)
  EXPECT_GRADCHECK([](const Inputs& in) { return in[0] / in[1]; }, randn({2, 3}, 1),
                   scalar(1.7, DType::Float64));
  EXPECT_GRADCHECK([](const Inputs& in) { return in[1] / in[0]; }, rand({2, 3}, 0.5, 2, 1),
                   scalar(-0.6, DType::Float64));
}
TEST(Gradcheck, ScalarOperators) {
  EXPECT_GRADCHECK([](const Inputs& in) { return 3.0 - (in[0] * 2.0 + 1.0) / 4.0 + 2.0 / in[0]; },
                   rand({2, 3}, 0.5, 2, 1));
}
TEST(Gradcheck, Neg) {
  EXPECT_GRADCHECK([](const Inputs& in) { return neg(in[0]); }, randn({2, 3}, 1));
}
TEST(Gradcheck, Pow) {
  EXPECT_GRADCHECK([](const Inputs& in) { return pow(in[0], 3); }, randn({2, 3}, 1));
  EXPECT_GRADCHECK([](const Inputs& in) { return pow(in[0], 2.5); }, rand({2, 3}, 0.5, 2, 2));
  EXPECT_GRADCHECK([](const Inputs& in) { return pow(in[0], -1.5); }, rand({2, 3}, 0.5, 2, 3));
}
TEST(Gradcheck, PowZeroExponentAtZero) {  // d/dx x^0 = 0 even at x = 0, as PyTorch (not NaN)
  EXPECT_GRADCHECK([](const Inputs& in) { return pow(in[0], 0); }, tensor({0, 1, -2}, {}, DType::Float64));
}
TEST(Gradcheck, Exp) {
  EXPECT_GRADCHECK([](const Inputs& in) { return exp(in[0]); }, randn({2, 3}, 1));
}
TEST(Gradcheck, Log) {
  EXPECT_GRADCHECK([](const Inputs& in) { return log(in[0]); }, rand({2, 3}, 0.5, 3, 1));
}
TEST(Gradcheck, Tanh) {
  EXPECT_GRADCHECK([](const Inputs& in) { return tanh(in[0]); }, randn({2, 3}, 1));
}
TEST(Gradcheck, Sigmoid) {
  EXPECT_GRADCHECK([](const Inputs& in) { return sigmoid(in[0]); }, randn({2, 3}, 1) * 3.0);
}
TEST(Gradcheck, Relu) {
  EXPECT_GRADCHECK([](const Inputs& in) { return relu(in[0]); }, away_from({3, 4}, {0}, 0.01, 1));
}
TEST(Gradcheck, Sqrt) {
  EXPECT_GRADCHECK([](const Inputs& in) { return sqrt(in[0]); }, rand({2, 3}, 0.5, 3, 1));
}
TEST(Gradcheck, Abs) {
  EXPECT_GRADCHECK([](const Inputs& in) { return abs(in[0]); }, away_from({3, 4}, {0}, 0.01, 1));
}
TEST(Gradcheck, Clamp) {
  EXPECT_GRADCHECK([](const Inputs& in) { return clamp(in[0], -0.5, 0.7); },
                   away_from({3, 4}, {-0.5, 0.7}, 0.01, 1));
}
TEST(Gradcheck, Where) {
  Tensor cond = tensor({1, 0, 0, 1, 1, 0}, {2, 3}, DType::Float64);
  EXPECT_GRADCHECK([cond](const Inputs& in) { return where(cond, in[0], in[1]); }, randn({2, 3}, 1),
                   randn({2, 3}, 2));
}
TEST(Gradcheck, WhereBroadcast) {  // cond (3, 1), a (4,), b () -> (3, 4)
  Tensor cond = tensor({1, 0, 1}, {3, 1}, DType::Int64);
  EXPECT_GRADCHECK([cond](const Inputs& in) { return where(cond, in[0], in[1]); }, randn({4}, 1),
                   scalar(0.3, DType::Float64));
}

// --- reductions --------------------------------------------------------------------------------

TEST(Gradcheck, SumAll) {
  EXPECT_GRADCHECK([](const Inputs& in) { return sum(in[0]); }, randn({2, 3}, 1));
}
TEST(Gradcheck, SumOneDim) {
  EXPECT_GRADCHECK([](const Inputs& in) { return sum(in[0], {1}); }, randn({2, 3, 4}, 1));
}
TEST(Gradcheck, SumSeveralDims) {
  EXPECT_GRADCHECK([](const Inputs& in) { return sum(in[0], {0, 2}); }, randn({2, 3, 4}, 1));
}
TEST(Gradcheck, SumSeveralDimsKeepdim) {
  EXPECT_GRADCHECK([](const Inputs& in) { return sum(in[0], {-1, 0}, true); }, randn({2, 3, 4}, 1));
}
TEST(Gradcheck, MeanAll) {
  EXPECT_GRADCHECK([](const Inputs& in) { return mean(in[0]); }, randn({3, 4}, 1));
}
TEST(Gradcheck, MeanSeveralDims) {
  EXPECT_GRADCHECK([](const Inputs& in) { return mean(in[0], {0, 1}); }, randn({2, 3, 4}, 1));
}
TEST(Gradcheck, MeanKeepdim) {
  EXPECT_GRADCHECK([](const Inputs& in) { return mean(in[0], {1}, true); }, randn({2, 3, 4}, 1));
}
TEST(Gradcheck, VarUnbiased) {
  EXPECT_GRADCHECK([](const Inputs& in) { return var(in[0], {1}); }, randn({3, 4}, 1));
}
TEST(Gradcheck, VarBiased) {
  EXPECT_GRADCHECK([](const Inputs& in) { return var(in[0], {1}, false); }, randn({3, 4}, 1));
}
TEST(Gradcheck, VarSeveralDimsKeepdim) {  // BatchNorm's statistics: over (B, T) of (B, T, C)
  EXPECT_GRADCHECK([](const Inputs& in) { return var(in[0], {0, 1}, false, true); }, randn({2, 3, 4}, 1));
}
TEST(Gradcheck, VarAll) {
  EXPECT_GRADCHECK([](const Inputs& in) { return var(in[0]); }, randn({2, 3}, 1));
}
TEST(Gradcheck, Max) {
  EXPECT_GRADCHECK([](const Inputs& in) { return max(in[0], 1); }, randn({3, 4}, 1));
}
TEST(Gradcheck, MaxKeepdimFirstDim) {
  EXPECT_GRADCHECK([](const Inputs& in) { return max(in[0], 0, true); }, randn({3, 4}, 1));
}
TEST(Gradcheck, MaxOfView) {
  EXPECT_GRADCHECK([](const Inputs& in) { return max(transpose(in[0], 0, 2), 1); }, randn({2, 3, 4}, 1));
}
TEST(Gradcheck, Logsumexp) {
  EXPECT_GRADCHECK([](const Inputs& in) { return logsumexp(in[0], 1); }, randn({3, 4}, 1));
}
TEST(Gradcheck, LogsumexpKeepdimLargeValues) {
  EXPECT_GRADCHECK([](const Inputs& in) { return logsumexp(in[0], 0, true); }, randn({3, 4}, 1) + 500.0);
}
TEST(Gradcheck, Softmax) {
  EXPECT_GRADCHECK([](const Inputs& in) { return softmax(in[0], -1); }, randn({3, 4}, 1));
}
TEST(Gradcheck, SoftmaxFirstDim) {
  EXPECT_GRADCHECK([](const Inputs& in) { return softmax(in[0], 0); }, randn({3, 4}, 1));
}
TEST(Gradcheck, LogSoftmax) {
  EXPECT_GRADCHECK([](const Inputs& in) { return log_softmax(in[0], 1); }, randn({3, 4}, 1));
}
TEST(Gradcheck, LogSoftmaxMiddleDim) {
  EXPECT_GRADCHECK([](const Inputs& in) { return log_softmax(in[0], 1); }, randn({2, 3, 4}, 1));
}
TEST(Gradcheck, SumToShape) {
  EXPECT_GRADCHECK([](const Inputs& in) { return sum_to_shape(in[0], {3, 1}); }, randn({2, 3, 4}, 1));
}

// --- matmul ------------------------------------------------------------------------------------

TEST(Gradcheck, Matmul) {
  EXPECT_GRADCHECK([](const Inputs& in) { return matmul(in[0], in[1]); }, randn({2, 3}, 1), randn({3, 4}, 2));
}
TEST(Gradcheck, MatmulBatched) {
  EXPECT_GRADCHECK([](const Inputs& in) { return matmul(in[0], in[1]); }, randn({2, 2, 3}, 1),
                   randn({2, 3, 2}, 2));
}
TEST(Gradcheck, MatmulBroadcastBatch) {  // (2, 1, 2, 3) @ (3, 3, 2) -> (2, 3, 2, 2)
  EXPECT_GRADCHECK([](const Inputs& in) { return matmul(in[0], in[1]); }, randn({2, 1, 2, 3}, 1),
                   randn({3, 3, 2}, 2));
}
TEST(Gradcheck, MatmulSharedWeight) {  // (B, T, C) @ (C, N)
  EXPECT_GRADCHECK([](const Inputs& in) { return matmul(in[0], in[1]); }, randn({2, 3, 4}, 1),
                   randn({4, 2}, 2));
}
TEST(Gradcheck, MatmulTransposedView) {
  EXPECT_GRADCHECK([](const Inputs& in) { return matmul(transpose(in[0], 0, 1), transpose(in[1], 0, 1)); },
                   randn({3, 2}, 1), randn({4, 3}, 2));
}
TEST(Gradcheck, MatmulVector) {
  EXPECT_GRADCHECK([](const Inputs& in) { return matmul(in[0], in[1]); }, randn({2, 3}, 1), randn({3}, 2));
  EXPECT_GRADCHECK([](const Inputs& in) { return matmul(in[0], in[1]); }, randn({3}, 1), randn({2, 3, 4}, 2));
  EXPECT_GRADCHECK([](const Inputs& in) { return matmul(in[0], in[1]); }, randn({3}, 1), randn({3}, 2));
}

// --- views and joins ---------------------------------------------------------------------------

TEST(Gradcheck, Reshape) {
  EXPECT_GRADCHECK([](const Inputs& in) { return reshape(in[0], {3, -1}); }, randn({2, 3, 2}, 1));
}
TEST(Gradcheck, ReshapeOfTransposed) {  // not a view: goes through a copy
  EXPECT_GRADCHECK([](const Inputs& in) { return reshape(transpose(in[0], 0, 1), {6}); }, randn({2, 3}, 1));
}
TEST(Gradcheck, Flatten) {
  EXPECT_GRADCHECK([](const Inputs& in) { return flatten(in[0], 1); }, randn({2, 3, 2}, 1));
}
TEST(Gradcheck, Permute) {
  EXPECT_GRADCHECK([](const Inputs& in) { return permute(in[0], {2, 0, 1}); }, randn({2, 3, 4}, 1));
}
TEST(Gradcheck, Transpose) {
  EXPECT_GRADCHECK([](const Inputs& in) { return transpose(in[0], 0, -1); }, randn({2, 3, 4}, 1));
}
TEST(Gradcheck, Narrow) {
  EXPECT_GRADCHECK([](const Inputs& in) { return narrow(in[0], 1, 1, 2); }, randn({3, 4}, 1));
}
TEST(Gradcheck, NarrowOfView) {
  EXPECT_GRADCHECK([](const Inputs& in) { return narrow(transpose(in[0], 0, 1), 0, 1, 2); }, randn({3, 4}, 1));
}
TEST(Gradcheck, Slice) {
  EXPECT_GRADCHECK([](const Inputs& in) { return slice(in[0], 0, -2, 100); }, randn({3, 4}, 1));
}
TEST(Gradcheck, Select) {
  EXPECT_GRADCHECK([](const Inputs& in) { return select(in[0], 1, -1); }, randn({3, 4}, 1));
}
TEST(Gradcheck, SelectTwiceSameRow) {  // x[1] used twice: both reads add up
  EXPECT_GRADCHECK([](const Inputs& in) { return select(in[0], 0, 1) * select(in[0], 0, 1); }, randn({3, 4}, 1));
}
TEST(Gradcheck, Squeeze) {
  EXPECT_GRADCHECK([](const Inputs& in) { return squeeze(in[0], 1); }, randn({3, 1, 2}, 1));
}
TEST(Gradcheck, Unsqueeze) {
  EXPECT_GRADCHECK([](const Inputs& in) { return unsqueeze(in[0], 1); }, randn({3, 2}, 1));
}
TEST(Gradcheck, Expand) {
  EXPECT_GRADCHECK([](const Inputs& in) { return expand(in[0], {2, 3, 4}); }, randn({3, 1}, 1));
}
TEST(Gradcheck, Contiguous) {
  EXPECT_GRADCHECK([](const Inputs& in) { return contiguous(transpose(in[0], 0, 1)); }, randn({3, 4}, 1));
}
TEST(Gradcheck, Concat) {
  EXPECT_GRADCHECK([](const Inputs& in) { return concat({in[0], in[1], in[0]}, 1); }, randn({2, 3}, 1),
                   randn({2, 1}, 2));
}
TEST(Gradcheck, ConcatFirstDim) {
  EXPECT_GRADCHECK([](const Inputs& in) { return concat({in[0], in[1]}, 0); }, randn({2, 3}, 1),
                   randn({1, 3}, 2));
}
TEST(Gradcheck, Stack) {
  EXPECT_GRADCHECK([](const Inputs& in) { return stack({in[0], in[1]}, 1); }, randn({2, 3}, 1),
                   randn({2, 3}, 2));
}
TEST(Gradcheck, ToDtypeRoundTrip) {  // float64 -> float32 -> float64: exact enough for values
  GradcheckOptions loose;  // the float32 step rounds the forward pass to ~1e-7
  loose.eps = 1e-3;
  loose.atol = 1e-3;
  GradcheckResult r = gradcheck(
      [](const Inputs& in) { return to_dtype(to_dtype(in[0], DType::Float32), DType::Float64) * 2.0; },
      Inputs{randn({2, 3}, 1)}, loose);
  EXPECT_TRUE(r.ok) << r.message;
}

// --- indexing ----------------------------------------------------------------------------------

TEST(Gradcheck, IndexSelectRepeated) {
  Tensor ix = index({2, 0, 2, 2});
  EXPECT_GRADCHECK([ix](const Inputs& in) { return index_select(in[0], 0, ix); }, randn({3, 4}, 1));
}
TEST(Gradcheck, IndexSelectInnerDim) {
  Tensor ix = index({1, 1, 3}, {3});
  EXPECT_GRADCHECK([ix](const Inputs& in) { return index_select(in[0], 1, ix); }, randn({2, 4, 2}, 1));
}
TEST(Gradcheck, EmbeddingRepeated) {  // (V, C) table, (B, T) indices with repeats
  Tensor ix = index({1, 4, 1, 0, 1, 4}, {2, 3});
  EXPECT_GRADCHECK([ix](const Inputs& in) { return embedding(in[0], ix); }, randn({5, 3}, 1));
}
TEST(Gradcheck, Gather) {
  Tensor ix = index({2, 0, 0, 1, 1, 1}, {3, 2});
  EXPECT_GRADCHECK([ix](const Inputs& in) { return gather(in[0], 1, ix); }, randn({3, 4}, 1));
}
TEST(Gradcheck, GatherFirstDim) {
  Tensor ix = index({2, 0, 2, 1}, {1, 4});
  EXPECT_GRADCHECK([ix](const Inputs& in) { return gather(in[0], 0, ix); }, randn({3, 4}, 1));
}

// --- a few compositions the layers rely on -----------------------------------------------------

TEST(Gradcheck, CrossEntropyShape) {  // -mean(gather(log_softmax(x @ w), targets))
  Tensor targets = index({2, 0, 1}, {3, 1});
  EXPECT_GRADCHECK(
      [targets](const Inputs& in) {
        return -mean(gather(log_softmax(matmul(in[0], in[1]), -1), 1, targets));
      },
      randn({3, 4}, 1), randn({4, 3}, 2));
}
TEST(Gradcheck, BatchNormShape) {  // (x - mean) / sqrt(var + eps) over dim 0, scaled
  EXPECT_GRADCHECK(
      [](const Inputs& in) {
        Tensor x = in[0];
        Tensor xhat = (x - mean(x, {0}, true)) / sqrt(var(x, {0}, false, true) + 1e-5);
        return xhat * in[1] + in[2];
      },
      randn({4, 3}, 1), randn({3}, 2), randn({3}, 3));
}
