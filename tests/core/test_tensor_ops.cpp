// Tensor ops: broadcasting elementwise ops, comparisons, reductions, matmul and indexing.
// Forward values only; gradients are in autograd/test_gradcheck.cpp and autograd/test_engine.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "autograd/ops.h"
#include "core/generator.h"
#include "core/kernels.h"
#include "tests/tensor_testing.h"

using namespace ripple;
using ripple::testing::expect_values;

namespace {

// out[b][i][j] = sum_k a[b][i][k] * b[b][k][j] on 2-d or 3-d inputs of one batch, element by
// element through at(): slow and obviously right.
std::vector<double> naive_matmul(const Tensor& a, const Tensor& b) {
  const int64_t m = a.size(-2), k = a.size(-1), n = b.size(-1);
  std::vector<double> out(m * n, 0.0);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j)
      for (int64_t p = 0; p < k; ++p) out[i * n + j] += a.at({i, p}) * b.at({p, j});
  return out;
}

Tensor randn(const Shape& shape, uint64_t seed, DType dtype = DType::Float64) {
  Generator g(seed);
  return g.normal(shape, 0, 1, dtype);
}

}  // namespace

// --- creation ----------------------------------------------------------------------------------
TEST(TensorBroadcast, Shapes) {
  EXPECT_EQ(broadcast_shapes({3, 4}, {4}, "t"), (Shape{3, 4}));
  EXPECT_EQ(broadcast_shapes({3, 1}, {1, 4}, "t"), (Shape{3, 4}));
  EXPECT_EQ(broadcast_shapes({2, 1, 3}, {4, 1}, "t"), (Shape{2, 4, 3}));
  EXPECT_EQ(broadcast_shapes({}, {2, 2}, "t"), (Shape{2, 2}));
  EXPECT_EQ(broadcast_shapes({0, 1}, {1, 5}, "t"), (Shape{0, 5}));
}

TEST(TensorBroadcast, AddRow) {
  Tensor a = reshape(arange(12, DType::Float64), {3, 4});
  Tensor b = tensor({10, 20, 30, 40}, {}, DType::Float64);
  Tensor c = a + b;
  EXPECT_EQ(c.shape(), (Shape{3, 4}));
  expect_values(c, {10, 21, 32, 43, 14, 25, 36, 47, 18, 29, 40, 51});
  expect_values(b + a, c.to_vector<double>());
}

TEST(TensorBroadcast, MulColumnByRow) {
  Tensor col = tensor({1, 2, 3}, {3, 1}, DType::Float64);
  Tensor row = tensor({1, 10}, {1, 2}, DType::Float64);
  Tensor c = col * row;
  EXPECT_EQ(c.shape(), (Shape{3, 2}));
  expect_values(c, {1, 10, 2, 20, 3, 30});
}

TEST(TensorBroadcast, ThreeDimsAndViews) {
  Tensor a = reshape(arange(6, DType::Float64), {2, 1, 3});
  Tensor b = tensor({100, 200, 300, 400}, {4, 1}, DType::Float64);
  Tensor c = a - b;
  EXPECT_EQ(c.shape(), (Shape{2, 4, 3}));
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 4; ++j)
      for (int64_t k = 0; k < 3; ++k)
        EXPECT_DOUBLE_EQ(c.at({i, j, k}), a.at({i, 0, k}) - b.at({j, 0}));
  // A transposed operand broadcast against a row.
  Tensor t = transpose(reshape(arange(6, DType::Float64), {2, 3}), 0, 1);  // (3, 2)
  expect_values(t / tensor({1, 2}, {}, DType::Float64), {0, 1.5, 1, 2, 2, 2.5});
}

TEST(TensorBroadcast, ScalarForms) {
  Tensor x = tensor({1, 2, 4}, {}, DType::Float64);
  expect_values(x + 1, {2, 3, 5});
  expect_values(1 - x, {0, -1, -3});
  expect_values(x * 3, {3, 6, 12});
  expect_values(2 / x, {2, 1, 0.5});
  expect_values(x / 2, {0.5, 1, 2});
  expect_values(-x, {-1, -2, -4});
  expect_values(x + scalar(10, DType::Float64), {11, 12, 14});
  EXPECT_EQ((x * 2).dtype(), DType::Float64);
  EXPECT_EQ((tensor({1}) * 2).dtype(), DType::Float32);
}

TEST(TensorBroadcast, UnaryOps) {
  Tensor x = tensor({-2, -0.5, 0, 0.5, 2}, {}, DType::Float64);
  std::vector<double> v = x.to_vector<double>();
  auto apply = [&](double (*f)(double)) {
    std::vector<double> out;
    for (double e : v) out.push_back(f(e));
    return out;
  };
  expect_values(exp(x), apply([](double e) { return std::exp(e); }), 1e-12);
  expect_values(tanh(x), apply([](double e) { return std::tanh(e); }), 1e-12);
  expect_values(sigmoid(x), apply([](double e) { return 1 / (1 + std::exp(-e)); }), 1e-12);
  expect_values(relu(x), {0, 0, 0, 0.5, 2});
  expect_values(abs(x), {2, 0.5, 0, 0.5, 2});
  expect_values(clamp(x, -1, 1), {-1, -0.5, 0, 0.5, 1});
  expect_values(pow(x, 2), {4, 0.25, 0, 0.25, 4});
  expect_values(sqrt(abs(x)), apply([](double e) { return std::sqrt(std::abs(e)); }), 1e-12);
  expect_values(log(tensor({1, 2.718281828459045}, {}, DType::Float64)), {0, 1}, 1e-12);
  // sigmoid must not overflow for large inputs of either sign
  expect_values(sigmoid(tensor({-1000, 1000})), {0, 1});
}

TEST(TensorBroadcast, WhereAndComparisons) {
  Tensor a = tensor({1, 5, 3}, {}, DType::Float64);
  Tensor b = tensor({2, 5, 1}, {}, DType::Float64);
  expect_values(eq(a, b), {0, 1, 0});
  expect_values(ne(a, b), {1, 0, 1});
  expect_values(lt(a, b), {1, 0, 0});
  expect_values(le(a, b), {1, 1, 0});
  expect_values(gt(a, b), {0, 0, 1});
  expect_values(ge(a, b), {0, 1, 1});
  expect_values(where(gt(a, b), a, b), {2, 5, 3});
  // condition (3, 1), a scalar, b (4,): result (3, 4)
  Tensor cond = tensor({1, 0, 1}, {3, 1}, DType::Float64);
  Tensor w = where(cond, scalar(-1, DType::Float64), arange(0, 4, 1, DType::Float64));
  EXPECT_EQ(w.shape(), (Shape{3, 4}));
  expect_values(w, {-1, -1, -1, -1, 0, 1, 2, 3, -1, -1, -1, -1});
  // an int64 condition works too
  expect_values(where(tensor({0, 1}, {}, DType::Int64), tensor({1, 1}), tensor({2, 2})), {2, 1});
  // comparisons of int64 indices, as when counting correct predictions; the result is int64
  Tensor predicted = tensor({3, 1, 4, 1}, {}, DType::Int64);
  Tensor labels = tensor({3, 2, 4, 0}, {}, DType::Int64);
  EXPECT_EQ(eq(predicted, labels).dtype(), DType::Int64);
  expect_values(eq(predicted, labels), {1, 0, 1, 0});
  expect_values(gt(predicted, tensor({1}, {}, DType::Int64)), {1, 0, 1, 0});  // broadcast
  EXPECT_THROW(eq(predicted, tensor({3, 2, 4, 0})), Error);  // int64 against float32
}

// --- reductions --------------------------------------------------------------------------------

TEST(TensorReduce, SumOverDimsAndKeepdim) {
  Tensor x = reshape(arange(24, DType::Float64), {2, 3, 4});
  EXPECT_EQ(sum(x).dim(), 0);
  EXPECT_DOUBLE_EQ(sum(x).item(), 276);
  Tensor s1 = sum(x, {1});
  EXPECT_EQ(s1.shape(), (Shape{2, 4}));
  expect_values(s1, {12, 15, 18, 21, 48, 51, 54, 57});
  Tensor s1k = sum(x, {1}, true);
  EXPECT_EQ(s1k.shape(), (Shape{2, 1, 4}));
  expect_values(s1k, s1.to_vector<double>());
  Tensor s02 = sum(x, {0, -1});
  EXPECT_EQ(s02.shape(), (Shape{3}));
  expect_values(s02, {60, 92, 124});
  EXPECT_EQ(sum(x, {2, 0}, true).shape(), (Shape{1, 3, 1}));
  // over a non-contiguous view
  expect_values(sum(transpose(x, 0, 2), {0}), {6, 54, 22, 70, 38, 86});  // (3, 2): row sums of x, transposed
}

TEST(TensorReduce, Mean) {
  Tensor x = reshape(arange(6, DType::Float64), {2, 3});
  EXPECT_NEAR(mean(x).item(), 2.5, 1e-12);
  expect_values(mean(x, {0}), {1.5, 2.5, 3.5});
  Tensor m = mean(x, {1}, true);
  EXPECT_EQ(m.shape(), (Shape{2, 1}));
  expect_values(m, {1, 4});
}

TEST(TensorReduce, VarBiasedAndUnbiased) {
  Tensor x = tensor({1, 2, 4, 7, 0, 1, 2, 3}, {2, 4}, DType::Float64);
  // row 0: mean 3.5, squared deviations 6.25 2.25 0.25 12.25 = 21; row 1: mean 1.5, sum 5
  expect_values(var(x, {1}), {7, 5.0 / 3});
  expect_values(var(x, {1}, false), {5.25, 1.25});
  Tensor k = var(x, {1}, true, true);
  EXPECT_EQ(k.shape(), (Shape{2, 1}));
  // all elements: mean 2.5, squared deviations sum 34
  EXPECT_NEAR(var(x).item(), 34.0 / 7, 1e-12);
  EXPECT_NEAR(var(x, {}, false).item(), 34.0 / 8, 1e-12);
  expect_values(var(x, {0}, false), {0.25, 0.25, 1, 4});
}

TEST(TensorReduce, MaxAndArgmax) {
  Tensor x = tensor({1, 9, 3, 9, 7, 2, 5, 7}, {2, 4}, DType::Float64);
  expect_values(max(x, 1), {9, 7});
  EXPECT_EQ(argmax(x, 1).to_vector<int64_t>(), (std::vector<int64_t>{1, 0}));  // first on ties
  EXPECT_EQ(argmax(x, 1).dtype(), DType::Int64);
  expect_values(max(x, 0), {7, 9, 5, 9});
  EXPECT_EQ(argmax(x, 0).to_vector<int64_t>(), (std::vector<int64_t>{1, 0, 1, 0}));
  EXPECT_EQ(max(x, -1, true).shape(), (Shape{2, 1}));
  EXPECT_EQ(argmax(x, 0, true).shape(), (Shape{1, 4}));
  Tensor neg = tensor({-3, -1, -2}, {}, DType::Float64);
  EXPECT_DOUBLE_EQ(max(neg, 0).item(), -1);
  EXPECT_EQ(argmax(neg, 0).item(), 1);
}

TEST(TensorReduce, Logsumexp) {
  Tensor x = tensor({1, 2, 3, 1000, 1000, 1000}, {2, 3}, DType::Float64);
  Tensor l = logsumexp(x, 1);
  EXPECT_EQ(l.shape(), (Shape{2}));
  EXPECT_NEAR(l.at({0}), std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0)), 1e-12);
  EXPECT_NEAR(l.at({1}), 1000 + std::log(3.0), 1e-10);
  EXPECT_EQ(logsumexp(x, 1, true).shape(), (Shape{2, 1}));
  EXPECT_NEAR(logsumexp(tensor({-1000, -1000}, {}, DType::Float64), 0).item(),
              -1000 + std::log(2.0), 1e-10);
}

TEST(TensorReduce, SoftmaxIsStableForLargeInputs) {
  for (DType dt : {DType::Float32, DType::Float64}) {
    Tensor x = tensor({1000, 1001, 1002, -1000, -1001, -1002}, {2, 3}, dt);
    Tensor s = softmax(x, 1);
    const double z = 1 + std::exp(-1.0) + std::exp(-2.0);
    expect_values(s, {std::exp(-2.0) / z, std::exp(-1.0) / z, 1 / z, 1 / z, std::exp(-1.0) / z,
                      std::exp(-2.0) / z},
                  1e-6);
    Tensor ls = log_softmax(x, -1);
    expect_values(ls, {-2 - std::log(z), -1 - std::log(z), -std::log(z), -std::log(z),
                       -1 - std::log(z), -2 - std::log(z)},
                  dt == DType::Float64 ? 1e-12 : 1e-4);
  }
}

TEST(TensorReduce, SoftmaxAlongFirstDim) {
  Tensor x = reshape(arange(6, DType::Float64), {2, 3});
  Tensor s = softmax(x, 0);
  const double p = 1 / (1 + std::exp(3.0));  // each column is (c, c + 3)
  expect_values(s, {p, p, p, 1 - p, 1 - p, 1 - p}, 1e-12);
  expect_values(sum(s, {0}), {1, 1, 1}, 1e-12);
  expect_values(exp(log_softmax(x, 0)), s.to_vector<double>(), 1e-12);
  // on a non-contiguous 3-d view, along the middle dim
  Tensor y = transpose(reshape(arange(24, DType::Float64), {2, 3, 4}), 0, 2);  // (4, 3, 2)
  expect_values(sum(softmax(y, 1), {1}), std::vector<double>(8, 1.0), 1e-12);
}

// --- matmul ------------------------------------------------------------------------------------

TEST(TensorMatmul, TwoDimsAgainstNaive) {
  Tensor a = randn({5, 7}, 1), b = randn({7, 3}, 2);
  Tensor c = matmul(a, b);
  EXPECT_EQ(c.shape(), (Shape{5, 3}));
  expect_values(c, naive_matmul(a, b), 1e-12);
  Tensor af = to_dtype(a, DType::Float32), bf = to_dtype(b, DType::Float32);
  Tensor cf = matmul(af, bf);
  EXPECT_EQ(cf.dtype(), DType::Float32);
  expect_values(cf, naive_matmul(a, b), 1e-4);
}

TEST(TensorMatmul, TransposedViewOperands) {
  Tensor a = randn({7, 5}, 3), b = randn({3, 7}, 4);
  Tensor at = transpose(a, 0, 1), bt = transpose(b, 0, 1);  // (5, 7), (7, 3): views
  expect_values(matmul(at, bt), naive_matmul(at, bt), 1e-12);
  expect_values(matmul(at, contiguous(bt)), naive_matmul(at, bt), 1e-12);
  // a strided view (every other column) and a narrowed block with a leading dim gap
  Tensor wide = randn({5, 14}, 5);
  Tensor every_other = kernel::as_strided(wide, {5, 7}, {14, 2}, 0);
  expect_values(matmul(every_other, bt), naive_matmul(every_other, bt), 1e-12);
  Tensor block = narrow(wide, 1, 3, 7);
  expect_values(matmul(block, bt), naive_matmul(block, bt), 1e-12);
  // an expanded (stride 0) operand
  Tensor row = randn({1, 7}, 6);
  Tensor rows = expand(row, {4, 7});
  expect_values(matmul(rows, bt), naive_matmul(rows, bt), 1e-12);
}

TEST(TensorMatmul, BatchedAgainstPerBatch) {
  Tensor a = randn({2, 3, 4, 5}, 7), b = randn({2, 3, 5, 6}, 8);
  Tensor c = matmul(a, b);
  EXPECT_EQ(c.shape(), (Shape{2, 3, 4, 6}));
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j)
      expect_values(select(select(c, 0, i), 0, j),
                    naive_matmul(select(select(a, 0, i), 0, j), select(select(b, 0, i), 0, j)),
                    1e-12);
}

TEST(TensorMatmul, BroadcastBatchDims) {
  Tensor a = randn({2, 1, 3, 4}, 9), b = randn({5, 4, 2}, 10);
  Tensor c = matmul(a, b);
  EXPECT_EQ(c.shape(), (Shape{2, 5, 3, 2}));
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 5; ++j)
      expect_values(select(select(c, 0, i), 0, j),
                    naive_matmul(select(select(a, 0, i), 0, 0), select(b, 0, j)), 1e-12);
  // (B, T, C) @ (C, N): one GEMM with the batch folded into M
  Tensor x = randn({3, 4, 5}, 11), w = randn({5, 6}, 12);
  Tensor y = matmul(x, w);
  EXPECT_EQ(y.shape(), (Shape{3, 4, 6}));
  for (int64_t i = 0; i < 3; ++i) expect_values(select(y, 0, i), naive_matmul(select(x, 0, i), w), 1e-12);
  // (C, N) on the left of a batch
  Tensor z = matmul(transpose(w, 0, 1), transpose(x, 1, 2));  // (6, 5) @ (3, 5, 4)
  EXPECT_EQ(z.shape(), (Shape{3, 6, 4}));
  for (int64_t i = 0; i < 3; ++i)
    expect_values(select(z, 0, i),
                  naive_matmul(transpose(w, 0, 1), transpose(select(x, 0, i), 0, 1)), 1e-12);
}

TEST(TensorMatmul, BatchedNonContiguous) {
  // batch dim last in memory: (B, M, K) as a permuted view of (M, B, K)
  Tensor a = permute(randn({4, 3, 5}, 13), {1, 0, 2});  // (3, 4, 5)
  Tensor b = transpose(randn({3, 6, 5}, 14), 1, 2);     // (3, 5, 6), transposed matrices
  Tensor c = matmul(a, b);
  for (int64_t i = 0; i < 3; ++i)
    expect_values(select(c, 0, i), naive_matmul(select(a, 0, i), select(b, 0, i)), 1e-12);
  // x (B, T, C) non-contiguous on the left of a shared weight
  Tensor x = transpose(randn({3, 5, 4}, 15), 1, 2);  // (3, 4, 5)
  Tensor w = randn({5, 2}, 16);
  Tensor y = matmul(x, w);
  for (int64_t i = 0; i < 3; ++i) expect_values(select(y, 0, i), naive_matmul(select(x, 0, i), w), 1e-12);
}

TEST(TensorMatmul, VectorOperands) {
  Tensor m = reshape(arange(6, DType::Float64), {2, 3});
  Tensor v = tensor({1, 10, 100}, {}, DType::Float64);
  Tensor mv = matmul(m, v);
  EXPECT_EQ(mv.shape(), (Shape{2}));
  expect_values(mv, {210, 543});
  Tensor u = tensor({1, 10}, {}, DType::Float64);
  Tensor vm = matmul(u, m);
  EXPECT_EQ(vm.shape(), (Shape{3}));
  expect_values(vm, {30, 41, 52});
  Tensor dot = matmul(v, v);
  EXPECT_EQ(dot.dim(), 0);
  EXPECT_DOUBLE_EQ(dot.item(), 10101);
  Tensor batch = reshape(arange(12, DType::Float64), {2, 2, 3});
  EXPECT_EQ(matmul(batch, v).shape(), (Shape{2, 2}));
  EXPECT_EQ(matmul(u, batch).shape(), (Shape{2, 3}));
  expect_values(matmul(u, batch), {30, 41, 52, 96, 107, 118});
  // a strided vector
  Tensor col = select(reshape(arange(9, DType::Float64), {3, 3}), 1, 0);  // 0 3 6, stride 3
  expect_values(matmul(m, col), {15, 42});
}

TEST(TensorMatmul, EmptyDims) {
  EXPECT_EQ(matmul(zeros({0, 3}), zeros({3, 2})).shape(), (Shape{0, 2}));
  Tensor k0 = matmul(ones({2, 0}), ones({0, 3}));
  EXPECT_EQ(k0.shape(), (Shape{2, 3}));
  expect_values(k0, std::vector<double>(6, 0.0));
}

// --- the GEMM helpers of the fused ops ---------------------------------------------------------

TEST(GemmHelpers, ViewsShareStorageOrCopyOnce) {
  Tensor x = arange(12, DType::Float64);
  Tensor v = kernel::view(x, {3, 4});  // contiguous: a view of the same elements
  EXPECT_EQ(v.shape(), (Shape{3, 4}));
  EXPECT_EQ(v.raw_data(), x.raw_data());
  Tensor t = transpose(v, 0, 1);       // (4, 3), not contiguous: copied row-major
  Tensor m = kernel::as_matrix(reshape(t, {2, 2, 3}));
  EXPECT_EQ(m.shape(), (Shape{4, 3}));
  expect_values(m, {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11});
  Tensor back = kernel::transposed(v);  // (4, 3) view of v: no copy, reads v's columns
  EXPECT_EQ(back.raw_data(), x.raw_data());
  expect_values(back, {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11});
}

TEST(GemmHelpers, AddBiasToEveryRow) {
  Tensor y = kernel::view(arange(6, DType::Float32), {2, 3});
  Tensor bias = kernel::as_strided(tensor({10, 0, 20, 0, 30, 0}), {3}, {2}, 0);  // 10, 20, 30
  kernel::add_bias(y, bias);
  expect_values(y, {10, 21, 32, 13, 24, 35});
}

// --- indexing ----------------------------------------------------------------------------------

TEST(TensorIndex, IndexSelect) {
  Tensor x = reshape(arange(12, DType::Float64), {3, 4});
  Tensor idx = from_vector(std::vector<int64_t>{2, 0, 2});
  Tensor rows = index_select(x, 0, idx);
  EXPECT_EQ(rows.shape(), (Shape{3, 4}));
  expect_values(rows, {8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11});
  Tensor cols = index_select(x, 1, from_vector(std::vector<int64_t>{3, 1}));
  expect_values(cols, {3, 1, 7, 5, 11, 9});
  // a 2-d index replaces the dim by its shape
  Tensor idx2 = from_vector(std::vector<int64_t>{0, 1, 1, 0}, {2, 2});
  EXPECT_EQ(index_select(x, 1, idx2).shape(), (Shape{3, 2, 2}));
  // on a non-contiguous input
  expect_values(index_select(transpose(x, 0, 1), 0, from_vector(std::vector<int64_t>{1})),
                {1, 5, 9});
}

TEST(TensorIndex, Embedding) {
  Tensor w = reshape(arange(8, DType::Float64), {4, 2});
  Tensor idx = from_vector(std::vector<int64_t>{3, 3, 0, 1, 2, 3}, {2, 3});
  Tensor e = embedding(w, idx);
  EXPECT_EQ(e.shape(), (Shape{2, 3, 2}));
  expect_values(e, {6, 7, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7});
}

TEST(TensorIndex, Gather) {
  Tensor x = tensor({1, 2, 3, 4, 5, 6}, {2, 3}, DType::Float64);
  Tensor idx = from_vector(std::vector<int64_t>{2, 0, 1, 1}, {2, 2});
  Tensor g = gather(x, 1, idx);
  EXPECT_EQ(g.shape(), (Shape{2, 2}));
  expect_values(g, {3, 1, 5, 5});
  Tensor idx0 = from_vector(std::vector<int64_t>{1, 0, 1}, {1, 3});
  expect_values(gather(x, 0, idx0), {4, 2, 6});
  // picking the target logit per row, as cross-entropy does
  Tensor targets = from_vector(std::vector<int64_t>{1, 2}, {2, 1});
  expect_values(gather(x, -1, targets), {2, 6});
}

TEST(TensorIndex, ConcatAndStack) {
  Tensor a = reshape(arange(6, DType::Float64), {2, 3});
  Tensor b = full({1, 3}, -1, DType::Float64);
  Tensor c = concat({a, b}, 0);
  EXPECT_EQ(c.shape(), (Shape{3, 3}));
  expect_values(c, {0, 1, 2, 3, 4, 5, -1, -1, -1});
  Tensor d = concat({a, full({2, 1}, 9, DType::Float64), a}, -1);
  EXPECT_EQ(d.shape(), (Shape{2, 7}));
  expect_values(d, {0, 1, 2, 9, 0, 1, 2, 3, 4, 5, 9, 3, 4, 5});
  // concat of a transposed view
  expect_values(concat({transpose(a, 0, 1), ones({1, 2}, DType::Float64)}, 0),
                {0, 3, 1, 4, 2, 5, 1, 1});
  Tensor s = stack({a, a * 10}, 0);
  EXPECT_EQ(s.shape(), (Shape{2, 2, 3}));
  expect_values(select(s, 0, 1), {0, 10, 20, 30, 40, 50});
  Tensor s1 = stack({a, a * 10}, 1);
  EXPECT_EQ(s1.shape(), (Shape{2, 2, 3}));
  expect_values(select(s1, 1, 1), {0, 10, 20, 30, 40, 50});
  Tensor s2 = stack({a, a * 10}, -1);
  EXPECT_EQ(s2.shape(), (Shape{2, 3, 2}));
  expect_values(select(s2, 0, 0), {0, 0, 1, 10, 2, 20});
}

// --- printing ----------------------------------------------------------------------------------

