// Misuse of the public API: every case throws ripple::Error whose message names the op and the
// shapes, dtypes or indices involved. None may abort or read out of bounds (the suite also runs
// under ASan/UBSan).
#include <gtest/gtest.h>

#include <string>

#include "autograd/ops.h"
#include "core/generator.h"
#include "core/kernels.h"

using namespace ripple;

namespace {

// The message of the ripple::Error that f throws, or a note that it threw none.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("(not a ripple::Error) ") + e.what();
  }
  return "(no error)";
}

Tensor idx(std::vector<int64_t> v, Shape shape = {}) { return from_vector(v, std::move(shape)); }

}  // namespace

TEST(Errors, MatmulShapeMismatch) {
  EXPECT_EQ(error_of([] { matmul(zeros({32, 48}), zeros({24, 128})); }),
            "matmul: cannot multiply (32, 48) by (24, 128)");
  EXPECT_EQ(error_of([] { matmul(zeros({2, 3, 4}), zeros({5, 6})); }),
            "matmul: cannot multiply (2, 3, 4) by (5, 6)");
  EXPECT_EQ(error_of([] { matmul(zeros({3}), zeros({4})); }),
            "matmul: cannot multiply (3,) by (4,)");
  EXPECT_EQ(error_of([] { matmul(zeros({3}), zeros({2, 4, 5})); }),
            "matmul: cannot multiply (3,) by (2, 4, 5)");
  EXPECT_EQ(error_of([] { matmul(zeros({2, 3}), zeros({4})); }),
            "matmul: cannot multiply (2, 3) by (4,)");
  EXPECT_EQ(error_of([] { kernel::matmul(zeros({32, 48}), zeros({24, 128})); }),
            "matmul: cannot multiply (32, 48) by (24, 128)");
}

TEST(Errors, MatmulBatchAndRank) {
  EXPECT_EQ(error_of([] { matmul(zeros({2, 3, 4}), zeros({3, 4, 5})); }),
            "matmul: cannot multiply (2, 3, 4) by (3, 4, 5): batch dims (2,) and (3,) do not "
            "broadcast");
  EXPECT_EQ(error_of([] { matmul(scalar(1), zeros({3})); }),
            "matmul: both operands need at least 1 dim, got () and (3,)");
  EXPECT_EQ(error_of([] { matmul(zeros({3}), scalar(1)); }),
            "matmul: both operands need at least 1 dim, got (3,) and ()");
}

TEST(Errors, MatmulDtype) {
  EXPECT_EQ(error_of([] { matmul(zeros({2, 2}), zeros({2, 2}, DType::Float64)); }),
            "matmul: need two float tensors of one dtype, got float32 and float64");
  EXPECT_EQ(error_of([] { matmul(zeros({2, 2}, DType::Int64), zeros({2, 2}, DType::Int64)); }),
            "matmul: need two float tensors of one dtype, got int64 and int64");
}

TEST(Errors, BroadcastFailures) {
  EXPECT_EQ(error_of([] { add(zeros({2, 3}), zeros({4})); }), "add: cannot broadcast (2, 3) with (4,)");
  EXPECT_EQ(error_of([] { zeros({2, 3}) * zeros({3, 2}); }),
            "mul: cannot broadcast (2, 3) with (3, 2)");
  EXPECT_EQ(error_of([] { sub(zeros({5, 1, 3}), zeros({4, 2})); }),
            "sub: cannot broadcast (5, 1, 3) with (4, 2)");
  EXPECT_EQ(error_of([] { div(zeros({2}), zeros({3})); }), "div: cannot broadcast (2,) with (3,)");
  EXPECT_EQ(error_of([] { where(zeros({2}), zeros({3}), zeros({3})); }),
            "where: cannot broadcast (2,) with (3,)");
  EXPECT_EQ(error_of([] { lt(zeros({2}), zeros({3})); }), "lt: cannot broadcast (2,) with (3,)");
  EXPECT_EQ(error_of([] { kernel::copy_into(zeros({2, 3}), zeros({3, 3})); }),
            "copy: cannot broadcast (3, 3) with (2, 3)");
  EXPECT_EQ(error_of([] { kernel::copy_into(zeros({3}), zeros({2, 3})); }),
            "copy: cannot write (2, 3) into (3,)");
}

TEST(Errors, DtypeMismatch) {
  EXPECT_EQ(error_of([] { add(zeros({2}), zeros({2}, DType::Float64)); }),
            "add: dtype mismatch, float32 (2,) and float64 (2,)");
  EXPECT_EQ(error_of([] { mul(zeros({2}, DType::Float64), zeros({2}, DType::Int64)); }),
            "mul: dtype mismatch, float64 (2,) and int64 (2,)");
  EXPECT_EQ(error_of([] { tanh(zeros({2}, DType::Int64)); }),
            "tanh: expected a float32 or float64 tensor, got int64");
  EXPECT_EQ(error_of([] { sum(zeros({2}, DType::Int64)); }),
            "sum: expected a float32 or float64 tensor, got int64");
  EXPECT_EQ(error_of([] { zeros({2}).data<double>(); }), "data: tensor is float32, asked for float64");
  EXPECT_EQ(error_of([] { concat({zeros({2}), zeros({2}, DType::Float64)}, 0); }),
            "concat: cannot join (2,) float64 to (2,) float32 along dim 0");
}

TEST(Errors, ReshapeWrongNumel) {
  EXPECT_EQ(error_of([] { reshape(zeros({2, 3}), {4}); }),
            "reshape: cannot view (2, 3) (6 elements) as (4,)");
  EXPECT_EQ(error_of([] { reshape(zeros({2, 3}), {4, -1}); }),
            "reshape: cannot view (2, 3) (6 elements) as (4, -1)");
  EXPECT_EQ(error_of([] { reshape(zeros({2, 3}), {-1, -1}); }), "reshape: invalid shape (-1, -1)");
  EXPECT_EQ(error_of([] { reshape(zeros({2, 3}), {-2, -3}); }), "reshape: invalid shape (-2, -3)");
  EXPECT_EQ(error_of([] { reshape(zeros({0, 3}), {0, -1}); }),
            "reshape: cannot view (0, 3) (0 elements) as (0, -1)");
}

TEST(Errors, DimOutOfRange) {
  Tensor x = zeros({2, 3});
  EXPECT_EQ(error_of([&] { sum(x, {2}); }), "sum: dim 2 is out of range for a 2-d tensor");
  EXPECT_EQ(error_of([&] { mean(x, {-3}); }), "mean: dim -3 is out of range for a 2-d tensor");
  EXPECT_EQ(error_of([&] { sum(x, {1, -1}); }), "sum: a dim is listed twice");
  EXPECT_EQ(error_of([&] { softmax(x, 2); }), "softmax: dim 2 is out of range for a 2-d tensor");
  EXPECT_EQ(error_of([&] { log_softmax(x, -3); }),
            "log_softmax: dim -3 is out of range for a 2-d tensor");
  EXPECT_EQ(error_of([&] { max(x, 5); }), "max: dim 5 is out of range for a 2-d tensor");
  EXPECT_EQ(error_of([&] { argmax(x, 5); }), "argmax: dim 5 is out of range for a 2-d tensor");
  EXPECT_EQ(error_of([&] { logsumexp(x, 2); }), "logsumexp: dim 2 is out of range for a 2-d tensor");
  EXPECT_EQ(error_of([&] { transpose(x, 0, 2); }), "transpose: dim 2 is out of range for a 2-d tensor");
  EXPECT_EQ(error_of([&] { squeeze(x, 2); }), "squeeze: dim 2 is out of range for a 2-d tensor");
  EXPECT_EQ(error_of([&] { unsqueeze(x, 4); }), "unsqueeze: dim 4 is out of range for a 3-d tensor");
  EXPECT_EQ(error_of([&] { concat({x, x}, 2); }), "concat: dim 2 is out of range for a 2-d tensor");
  EXPECT_EQ(error_of([&] { stack({x, x}, 3); }), "stack: dim 3 is out of range for a 3-d tensor");
  EXPECT_EQ(error_of([&] { x.size(2); }), "size: dim 2 is out of range for a 2-d tensor");
  EXPECT_EQ(error_of([&] { flatten(x, 3); }), "flatten: dim 3 is out of range for a 2-d tensor");
  EXPECT_EQ(error_of([&] { permute(x, {0, 2}); }), "permute: dim 2 is out of range for a 2-d tensor");
  EXPECT_EQ(error_of([&] { permute(x, {0, 0}); }),
            "permute: order (0, 0) is not a permutation of the dims of (2, 3)");
  EXPECT_EQ(error_of([&] { permute(x, {0}); }),
            "permute: order (0,) is not a permutation of the dims of (2, 3)");
}

TEST(Errors, ViewRangesOutOfBounds) {
  Tensor x = zeros({2, 3});
  EXPECT_EQ(error_of([&] { narrow(x, 1, 2, 2); }), "narrow: [2, 4) is out of range for dim 1 of (2, 3)");
  EXPECT_EQ(error_of([&] { narrow(x, 0, -1, 1); }), "narrow: [-1, 0) is out of range for dim 0 of (2, 3)");
  EXPECT_EQ(error_of([&] { select(x, 0, 2); }), "select: index 2 is out of range for dim 0 of (2, 3)");
  EXPECT_EQ(error_of([&] { select(x, 1, -4); }), "select: index -4 is out of range for dim 1 of (2, 3)");
  EXPECT_EQ(error_of([&] { expand(x, {3}); }), "expand: cannot expand (2, 3) to (3,)");
  EXPECT_EQ(error_of([&] { expand(x, {4, 3}); }), "expand: cannot expand (2, 3) to (4, 3)");
  EXPECT_EQ(error_of([&] { expand(zeros({1, 3}), {-2, 3}); }),
            "expand: cannot expand (1, 3) to (-2, 3)");
  EXPECT_EQ(error_of([&] { expand(x, {-1, 2, 3}); }),
            "expand: -1 is not allowed for a new leading dim in (-1, 2, 3)");
}

TEST(Errors, ElementAccess) {
  Tensor x = zeros({2, 3});
  EXPECT_EQ(error_of([&] { x.item(); }), "item: tensor of shape (2, 3) has 6 elements, not 1");
  EXPECT_EQ(error_of([&] { x.at({2, 0}); }), "at: index 2 is out of range for dim 0 of shape (2, 3)");
  EXPECT_EQ(error_of([&] { x.at({0, -1}); }), "at: index -1 is out of range for dim 1 of shape (2, 3)");
  EXPECT_EQ(error_of([&] { x.at({0}); }), "at: 1 indices for a tensor of shape (2, 3)");
  EXPECT_EQ(error_of([&] { x.at_flat(6); }), "at: index 6 is out of range for shape (2, 3)");
  EXPECT_EQ(error_of([&] { x.set_flat(-1, 0); }), "at: index -1 is out of range for shape (2, 3)");
}

TEST(Errors, Creation) {
  EXPECT_EQ(error_of([] { from_vector(std::vector<double>{1, 2, 3}, {2, 2}); }),
            "from_vector: 3 values cannot fill shape (2, 2)");
  EXPECT_EQ(error_of([] { tensor({1, 2}, {3}); }), "from_vector: 2 values cannot fill shape (3,)");
  EXPECT_EQ(error_of([] { zeros({2, -1}); }), "empty: negative size in shape (2, -1)");
  EXPECT_EQ(error_of([] { arange(0, 1, 0); }), "arange: need finite start and end and a nonzero step");
}

TEST(Errors, IndexSelectOutOfRange) {
  Tensor x = zeros({5, 3});
  EXPECT_EQ(error_of([&] { index_select(x, 0, idx({0, 5})); }),
            "index_select: index 5 is out of range for size 5");
  EXPECT_EQ(error_of([&] { index_select(x, 1, idx({-1})); }),
            "index_select: index -1 is out of range for size 3");
  EXPECT_EQ(error_of([&] { index_select(x, 0, tensor({1})); }),
            "index_select: indices must be int64, got float32");
  EXPECT_EQ(error_of([&] { index_select(x, 2, idx({0})); }),
            "index_select: dim 2 is out of range for a 2-d tensor");
  EXPECT_EQ(error_of([&] { embedding(zeros({27, 4}), idx({3, 30})); }),
            "embedding: index 30 is out of range for size 27");
  EXPECT_EQ(error_of([&] { embedding(zeros({27}), idx({3})); }),
            "embedding: weight must be (num_embeddings, dim), got (27,)");
}

TEST(Errors, GatherOutOfRange) {
  Tensor x = zeros({2, 3});
  EXPECT_EQ(error_of([&] { gather(x, 1, idx({0, 3}, {2, 1})); }),
            "gather: index 3 is out of range for size 3");
  EXPECT_EQ(error_of([&] { gather(x, 1, idx({0, 1})); }),
            "gather: index of shape (2,) does not fit input (2, 3) along dim 1");
  EXPECT_EQ(error_of([&] { gather(x, 1, idx({0, 1, 2}, {3, 1})); }),
            "gather: index of shape (3, 1) does not fit input (2, 3) along dim 1");
}

TEST(Errors, JoinMismatch) {
  EXPECT_EQ(error_of([] { concat({zeros({2, 3}), zeros({2, 4})}, 0); }),
            "concat: cannot join (2, 4) float32 to (2, 3) float32 along dim 0");
  EXPECT_EQ(error_of([] { concat({zeros({2, 3}), zeros({3})}, 0); }),
            "concat: cannot join (3,) float32 to (2, 3) float32 along dim 0");
  EXPECT_EQ(error_of([] { concat({}, 0); }), "concat: no tensors given");
  EXPECT_EQ(error_of([] { stack({}, 0); }), "stack: no tensors given");
  EXPECT_EQ(error_of([] { stack({zeros({2}), zeros({3})}, 0); }),
            "stack: all tensors need one shape, got (2,) and (3,)");
}

TEST(Errors, ReductionsOverTooFewValues) {
  EXPECT_EQ(error_of([] { var(zeros({3, 1}), {1}); }),
            "var: need at least 2 values over the reduced dims of (3, 1)");
  EXPECT_EQ(error_of([] { var(zeros({0}), {}, false); }),
            "var: need at least 1 value over the reduced dims of (0,)");
  EXPECT_EQ(error_of([] { mean(zeros({2, 0}), {1}); }),
            "mean: cannot average over an empty dim of (2, 0)");
  EXPECT_EQ(error_of([] { max(zeros({2, 0}), 1); }),
            "max: cannot reduce an empty dim of shape (2, 0)");
  EXPECT_EQ(error_of([] { clamp(zeros({2}), 1, 0); }), "clamp: low 1.000000 is above high 0.000000");
}

TEST(Errors, BackwardMisuse) {
  Tensor x = ones({2, 3}, DType::Float64).requires_grad_();
  Tensor y = x * 2;
  EXPECT_EQ(error_of([&] { y.backward(); }),
            "backward: called on a tensor of shape (2, 3); pass a gradient of that shape or "
            "reduce it to one element first");
  EXPECT_EQ(error_of([&] { y.backward(ones({3, 2}, DType::Float64)); }),
            "backward: gradient of shape (3, 2) for a tensor of shape (2, 3)");
  EXPECT_EQ(error_of([&] { y.backward(ones({2, 3}, DType::Float32)); }),
            "backward: gradient of dtype float32 for a tensor of dtype float64");
  EXPECT_EQ(error_of([] { sum(ones({2})).backward(); }),
            "backward: this tensor does not require grad (no input had requires_grad_())");
  EXPECT_EQ(error_of([] { zeros({2}, DType::Int64).requires_grad_(); }),
            "requires_grad_: only float tensors can require grad, not int64");
  EXPECT_EQ(error_of([&] { y.requires_grad_(); }),
            "requires_grad_: only leaf tensors can be marked; this one was made by mul (use "
            "detach() first)");
  // the failed calls left the graph intact
  EXPECT_EQ(error_of([&] { sum(y).backward(); }), "(no error)");
}

TEST(Errors, Generator) {
  Generator g(0);
  EXPECT_EQ(error_of([&] { g.randint(3, 3); }), "randint: empty range [3, 3)");
  EXPECT_EQ(error_of([&] { g.multinomial(tensor({0.5, -0.1}), 1); }),
            "multinomial: probabilities must be finite and non-negative");
  EXPECT_EQ(error_of([&] { g.multinomial(zeros({2}), 1); }),
            "multinomial: a row of probabilities sums to zero");
  EXPECT_EQ(error_of([&] { g.multinomial(zeros({1, 2, 2}), 1); }),
            "multinomial: expected probs of shape (K,) or (N, K), got (1, 2, 2)");
  EXPECT_EQ(error_of([&] { g.normal({2}, 0, 1, DType::Int64); }),
            "normal: expected a float32 or float64 tensor, got int64");
}
