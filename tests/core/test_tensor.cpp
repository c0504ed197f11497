// Tensor core: creation, views over shared storage, element access, printing and the seeded
// Generator. Forward values only: ops are in test_tensor_ops.cpp, gradients in autograd/test_gradcheck.cpp
// and autograd/test_engine.cpp.
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

bool same_storage(const Tensor& a, const Tensor& b) {
  return a.impl()->storage == b.impl()->storage;
}

std::string print(const Tensor& t) {
  std::ostringstream os;
  os << t;
  return os.str();
}

}  // namespace

// --- creation ----------------------------------------------------------------------------------

TEST(TensorCreation, ZerosOnesFull) {
  Tensor z = zeros({2, 3});
  EXPECT_EQ(z.shape(), (Shape{2, 3}));
  EXPECT_EQ(z.dtype(), DType::Float32);
  EXPECT_EQ(z.numel(), 6);
  EXPECT_EQ(z.strides(), (Shape{3, 1}));
  EXPECT_TRUE(z.is_contiguous());
  expect_values(z, std::vector<double>(6, 0.0));
  expect_values(ones({4}, DType::Float64), {1, 1, 1, 1});
  Tensor f = full({2, 2}, 7, DType::Int64);
  EXPECT_EQ(f.dtype(), DType::Int64);
  EXPECT_EQ(f.to_vector<int64_t>(), (std::vector<int64_t>{7, 7, 7, 7}));
  EXPECT_EQ(zeros_like(f).dtype(), DType::Int64);
  EXPECT_EQ(ones_like(z).shape(), (Shape{2, 3}));
}

TEST(TensorCreation, ScalarIsZeroDimensional) {
  Tensor s = scalar(3.5, DType::Float64);
  EXPECT_EQ(s.dim(), 0);
  EXPECT_EQ(s.numel(), 1);
  EXPECT_EQ(s.shape(), Shape{});
  EXPECT_DOUBLE_EQ(s.item(), 3.5);
}

TEST(TensorCreation, Arange) {
  expect_values(arange(5), {0, 1, 2, 3, 4});
  expect_values(arange(1, 2, 0.25, DType::Float64), {1, 1.25, 1.5, 1.75});
  expect_values(arange(0, 1, 0.3, DType::Float64), {0, 0.3, 0.6, 0.9}, 1e-12);
  expect_values(arange(3, 0, -1), {3, 2, 1});
  EXPECT_EQ(arange(4, DType::Int64).to_vector<int64_t>(), (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(arange(2, 2).numel(), 0);
}

TEST(TensorCreation, FromVectorAndTensor) {
  Tensor a = from_vector(std::vector<double>{1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_EQ(a.dtype(), DType::Float64);
  EXPECT_EQ(a.shape(), (Shape{2, 3}));
  EXPECT_DOUBLE_EQ(a.at({1, 0}), 4);
  Tensor v = from_vector(std::vector<float>{1, 2, 3});
  EXPECT_EQ(v.shape(), (Shape{3}));
  EXPECT_EQ(v.dtype(), DType::Float32);
  Tensor i = from_vector(std::vector<int64_t>{5, 6});
  EXPECT_EQ(i.dtype(), DType::Int64);
  Tensor t = tensor({1, 2, 3, 4}, {2, 2}, DType::Float64);
  EXPECT_EQ(t.shape(), (Shape{2, 2}));
  EXPECT_DOUBLE_EQ(t.at({1, 1}), 4);
}

TEST(TensorCreation, SingleValueWithoutShapeIsZeroDim) {
  // Unlike torch.tensor([5.]): one value and no shape give a 0-d tensor, so that a shape [] read
  // from a file round-trips. Ask for (1,) explicitly.
  EXPECT_EQ(tensor({5}).shape(), Shape{});
  EXPECT_EQ(from_vector(std::vector<double>{5}).shape(), Shape{});
  EXPECT_EQ(tensor({5}, {1}).shape(), (Shape{1}));
  EXPECT_EQ(tensor({5}, {1, 1}).shape(), (Shape{1, 1}));
}

TEST(TensorCreation, EmptyTensors) {
  Tensor e = zeros({0, 3});
  EXPECT_EQ(e.numel(), 0);
  EXPECT_EQ(sum(e, {0}).shape(), (Shape{3}));
  expect_values(sum(e, {0}), {0, 0, 0});
  EXPECT_EQ(e.to_vector<double>().size(), 0u);
}

// --- views share storage -----------------------------------------------------------------------

TEST(TensorViews, ReshapeOfContiguousIsAView) {
  Tensor x = arange(6, DType::Float64);
  Tensor v = reshape(x, {2, 3});
  EXPECT_TRUE(same_storage(x, v));
  EXPECT_EQ(v.strides(), (Shape{3, 1}));
  v.set_flat(4, 40);
  EXPECT_DOUBLE_EQ(x.at({4}), 40);
  Tensor w = reshape(v, {3, -1});
  EXPECT_EQ(w.shape(), (Shape{3, 2}));
  EXPECT_TRUE(same_storage(x, w));
  EXPECT_EQ(flatten(reshape(x, {1, 2, 3})).shape(), (Shape{6}));
  EXPECT_EQ(flatten(reshape(x, {1, 2, 3}), 1).shape(), (Shape{1, 6}));
}

TEST(TensorViews, ReshapeOfTransposedCopies) {
  Tensor x = reshape(arange(6, DType::Float64), {2, 3});
  Tensor t = transpose(x, 0, 1);  // (3, 2): 0 3 / 1 4 / 2 5
  Tensor r = reshape(t, {6});
  EXPECT_FALSE(same_storage(x, r));
  expect_values(r, {0, 3, 1, 4, 2, 5});
  // Splitting a dim of a transposed view needs no copy.
  Tensor s = reshape(t, {3, 2, 1});
  EXPECT_TRUE(same_storage(x, s));
  expect_values(s, {0, 3, 1, 4, 2, 5});
}

TEST(TensorViews, ReshapeOfNarrowedKeepsViewWhenPossible) {
  Tensor x = reshape(arange(24, DType::Float64), {4, 6});
  Tensor rows = narrow(x, 0, 1, 2);  // (2, 6), contiguous block
  Tensor r = reshape(rows, {3, 4});
  EXPECT_TRUE(same_storage(x, r));
  expect_values(r, {6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17});
  Tensor cols = narrow(x, 1, 2, 3);  // (4, 3), rows have a gap
  Tensor split = reshape(cols, {2, 2, 3});
  EXPECT_TRUE(same_storage(x, split));
  expect_values(split, {2, 3, 4, 8, 9, 10, 14, 15, 16, 20, 21, 22});
  Tensor merged = reshape(cols, {12});
  EXPECT_FALSE(same_storage(x, merged));
  expect_values(merged, {2, 3, 4, 8, 9, 10, 14, 15, 16, 20, 21, 22});
}

TEST(TensorViews, PermuteAndTranspose) {
  Tensor x = reshape(arange(24, DType::Float64), {2, 3, 4});
  Tensor p = permute(x, {2, 0, 1});
  EXPECT_EQ(p.shape(), (Shape{4, 2, 3}));
  EXPECT_EQ(p.strides(), (Shape{1, 12, 4}));
  EXPECT_TRUE(same_storage(x, p));
  EXPECT_FALSE(p.is_contiguous());
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j)
      for (int64_t k = 0; k < 4; ++k) EXPECT_DOUBLE_EQ(p.at({k, i, j}), x.at({i, j, k}));
  Tensor t = transpose(x, -1, 0);
  EXPECT_EQ(t.shape(), (Shape{4, 3, 2}));
  EXPECT_DOUBLE_EQ(t.at({3, 1, 1}), x.at({1, 1, 3}));
  EXPECT_EQ(permute(x, {-1, -2, -3}).shape(), (Shape{4, 3, 2}));
}

TEST(TensorViews, NarrowAndSlice) {
  Tensor x = reshape(arange(12, DType::Float64), {3, 4});
  Tensor n = narrow(x, 1, 1, 2);
  EXPECT_EQ(n.shape(), (Shape{3, 2}));
  EXPECT_TRUE(same_storage(x, n));
  EXPECT_EQ(n.offset(), 1);
  expect_values(n, {1, 2, 5, 6, 9, 10});
  n.set_flat(0, -1);
  EXPECT_DOUBLE_EQ(x.at({0, 1}), -1);
  expect_values(slice(x, 0, 1, 3), {4, 5, 6, 7, 8, 9, 10, 11});
  expect_values(slice(x, 1, -2, 100), {2, 3, 6, 7, 10, 11});  // x[:, -2:]
  EXPECT_EQ(slice(x, 0, 2, 1).shape(), (Shape{0, 4}));             // empty, as Python
  EXPECT_EQ(slice(x, 0, -100, 2).shape(), (Shape{2, 4}));
}

TEST(TensorViews, SelectIndexesARow) {
  Tensor x = reshape(arange(12, DType::Float64), {3, 4});
  Tensor row = select(x, 0, 1);  // x[1]
  EXPECT_EQ(row.shape(), (Shape{4}));
  EXPECT_TRUE(same_storage(x, row));
  expect_values(row, {4, 5, 6, 7});
  expect_values(select(x, 1, -1), {3, 7, 11});  // x[:, -1]
  row.set_flat(2, 60);
  EXPECT_DOUBLE_EQ(x.at({1, 2}), 60);
  Tensor e = select(select(x, 0, 2), 0, 3);
  EXPECT_EQ(e.dim(), 0);
  EXPECT_DOUBLE_EQ(e.item(), 11);
}

TEST(TensorViews, SqueezeUnsqueeze) {
  Tensor x = reshape(arange(6, DType::Float64), {2, 1, 3});
  Tensor s = squeeze(x, 1);
  EXPECT_EQ(s.shape(), (Shape{2, 3}));
  EXPECT_TRUE(same_storage(x, s));
  EXPECT_EQ(squeeze(x, 0).shape(), (Shape{2, 1, 3}));  // not size 1: unchanged, as PyTorch
  EXPECT_EQ(unsqueeze(s, 0).shape(), (Shape{1, 2, 3}));
  EXPECT_EQ(unsqueeze(s, -1).shape(), (Shape{2, 3, 1}));
  EXPECT_EQ(unsqueeze(s, 1).shape(), (Shape{2, 1, 3}));
  EXPECT_TRUE(same_storage(x, unsqueeze(s, 2)));
}

TEST(TensorViews, ExpandHasStrideZero) {
  Tensor x = tensor({1, 2, 3}, {3, 1}, DType::Float64);
  Tensor e = expand(x, {2, 3, 4});
  EXPECT_EQ(e.shape(), (Shape{2, 3, 4}));
  EXPECT_EQ(e.strides(), (Shape{0, 1, 0}));
  EXPECT_TRUE(same_storage(x, e));
  EXPECT_DOUBLE_EQ(e.at({1, 2, 3}), 3);
  EXPECT_EQ(expand(x, {-1, 5}).shape(), (Shape{3, 5}));
  Tensor c = contiguous(e);
  EXPECT_TRUE(c.is_contiguous());
  EXPECT_EQ(sum(c).item(), 2 * 4 * 6);
}

TEST(TensorViews, ContiguousCopiesOnlyWhenNeeded) {
  Tensor x = reshape(arange(6, DType::Float64), {2, 3});
  EXPECT_TRUE(contiguous(x).is_same(x));
  EXPECT_TRUE(kernel::contiguous(x).is_same(x));
  Tensor t = transpose(x, 0, 1);
  Tensor c = contiguous(t);
  EXPECT_FALSE(same_storage(c, x));
  EXPECT_TRUE(c.is_contiguous());
  EXPECT_EQ(c.strides(), (Shape{2, 1}));
  expect_values(c, {0, 3, 1, 4, 2, 5});
  Tensor k = kernel::clone(x);
  EXPECT_FALSE(same_storage(k, x));
  // A size-1 dim's stride does not matter for contiguity.
  EXPECT_TRUE(kernel::as_strided(x, {1, 3}, {99, 1}, 0).is_contiguous());
}

TEST(TensorViews, DetachSharesStorage) {
  Tensor x = ones({2}, DType::Float64);
  Tensor d = x.detach();
  EXPECT_TRUE(same_storage(x, d));
  EXPECT_FALSE(d.is_same(x));
}

// --- element access ----------------------------------------------------------------------------

TEST(TensorAccess, AtAndFlatOnViews) {
  Tensor x = reshape(arange(12, DType::Float64), {3, 4});
  EXPECT_DOUBLE_EQ(x.at({2, 3}), 11);
  Tensor t = transpose(x, 0, 1);  // (4, 3)
  EXPECT_DOUBLE_EQ(t.at({3, 2}), 11);
  EXPECT_DOUBLE_EQ(t.at_flat(1), 4);  // row-major over the view: t[0][1] = x[1][0]
  expect_values(t, {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11});
  t.set_flat(1, 44);
  EXPECT_DOUBLE_EQ(x.at({1, 0}), 44);
  EXPECT_EQ(t.to_vector<int64_t>()[1], 44);
}

TEST(TensorAccess, DataPointerAndDtypes) {
  Tensor x = tensor({1.5, 2.5}, {}, DType::Float32);
  EXPECT_FLOAT_EQ(x.data<float>()[1], 2.5f);
  Tensor i = to_dtype(x, DType::Int64);
  EXPECT_EQ(i.to_vector<int64_t>(), (std::vector<int64_t>{1, 2}));  // truncates like a C cast
  Tensor d = to_dtype(x, DType::Float64);
  EXPECT_EQ(d.dtype(), DType::Float64);
  EXPECT_DOUBLE_EQ(d.data<double>()[0], 1.5);
  EXPECT_EQ(dtype_size(DType::Float32), 4u);
  EXPECT_EQ(dtype_size(DType::Int64), 8u);
  EXPECT_STREQ(dtype_name(DType::Float64), "float64");
}

// --- broadcasting ------------------------------------------------------------------------------

TEST(TensorPrint, MatrixLikePytorch) {
  EXPECT_EQ(print(tensor({1, 2, 3, 4}, {2, 2})),
            "tensor([[1.0000, 2.0000],\n"
            "        [3.0000, 4.0000]], shape=(2, 2), dtype=float32)");
  EXPECT_EQ(print(tensor({-1, 2.5}, {}, DType::Float64)),
            "tensor([-1.0000,  2.5000], shape=(2,), dtype=float64)");
}

TEST(TensorPrint, ScalarsIntegersAndEmpty) {
  EXPECT_EQ(print(scalar(3.5)), "tensor(3.5000, shape=(), dtype=float32)");
  EXPECT_EQ(print(arange(3, DType::Int64)), "tensor([0, 1, 2], shape=(3,), dtype=int64)");
  EXPECT_EQ(print(from_vector(std::vector<int64_t>{-5, 12})),
            "tensor([-5, 12], shape=(2,), dtype=int64)");
  EXPECT_EQ(print(zeros({0})), "tensor([], shape=(0,), dtype=float32)");
  EXPECT_EQ(print(Tensor()), "tensor(undefined)");
}

TEST(TensorPrint, ThreeDimsSeparateMatricesByABlankLine) {
  EXPECT_EQ(print(reshape(arange(8, DType::Int64), {2, 2, 2})),
            "tensor([[[0, 1],\n"
            "         [2, 3]],\n"
            "\n"
            "        [[4, 5],\n"
            "         [6, 7]]], shape=(2, 2, 2), dtype=int64)");
}

TEST(TensorPrint, LongDimsAreSummarised) {
  EXPECT_EQ(print(arange(10, DType::Int64)),
            "tensor([0, 1, 2, ..., 7, 8, 9], shape=(10,), dtype=int64)");
  EXPECT_EQ(print(reshape(arange(14, DType::Int64), {7, 2})),
            "tensor([[ 0,  1],\n"
            "        [ 2,  3],\n"
            "        [ 4,  5],\n"
            "        ...,\n"
            "        [ 8,  9],\n"
            "        [10, 11],\n"
            "        [12, 13]], shape=(7, 2), dtype=int64)");
  // a view prints its own values
  EXPECT_EQ(print(transpose(reshape(arange(4, DType::Int64), {2, 2}), 0, 1)),
            "tensor([[0, 2],\n"
            "        [1, 3]], shape=(2, 2), dtype=int64)");
}

// --- Generator ---------------------------------------------------------------------------------

TEST(TensorGenerator, SameSeedSameNumbers) {
  Generator a(42), b(42);
  EXPECT_EQ(a.normal({100}).to_vector<float>(), b.normal({100}).to_vector<float>());
  EXPECT_EQ(a.uniform({10}, -1, 1, DType::Float64).to_vector<double>(),
            b.uniform({10}, -1, 1, DType::Float64).to_vector<double>());
  EXPECT_EQ(a.randint(0, 1000, {50}).to_vector<int64_t>(),
            b.randint(0, 1000, {50}).to_vector<int64_t>());
  a.manual_seed(7);
  b.manual_seed(7);
  EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(TensorGenerator, DifferentSeedsDiffer) {
  Generator a(1), b(2);
  std::vector<double> x = a.normal({64}, 0, 1, DType::Float64).to_vector<double>();
  std::vector<double> y = b.normal({64}, 0, 1, DType::Float64).to_vector<double>();
  int equal = 0;
  for (size_t i = 0; i < x.size(); ++i) equal += x[i] == y[i];
  EXPECT_EQ(equal, 0);
}

TEST(TensorGenerator, StateRestoresTheStream) {
  Generator g(5);
  g.normal({3});
  auto s = g.state();
  std::vector<float> first = g.normal({8}).to_vector<float>();
  g.set_state(s);
  EXPECT_EQ(g.normal({8}).to_vector<float>(), first);
}

TEST(TensorGenerator, NormalAndUniformMoments) {
  Generator g(3);
  Tensor n = g.normal({20000}, 2, 3, DType::Float64);
  EXPECT_NEAR(mean(n).item(), 2, 0.1);
  EXPECT_NEAR(std::sqrt(var(n).item()), 3, 0.1);
  Tensor u = g.uniform({20000}, -2, 4, DType::Float64);
  std::vector<double> v = u.to_vector<double>();
  EXPECT_GE(*std::min_element(v.begin(), v.end()), -2);
  EXPECT_LT(*std::max_element(v.begin(), v.end()), 4);
  EXPECT_NEAR(mean(u).item(), 1, 0.05);
}

TEST(TensorGenerator, RandintRange) {
  Generator g(11);
  Tensor r = g.randint(-3, 4, {5000});
  EXPECT_EQ(r.dtype(), DType::Int64);
  std::vector<int64_t> v = r.to_vector<int64_t>();
  std::set<int64_t> seen(v.begin(), v.end());
  EXPECT_EQ(seen, (std::set<int64_t>{-3, -2, -1, 0, 1, 2, 3}));  // every value, nothing outside
  for (int i = 0; i < 100; ++i) EXPECT_EQ(g.randint(5, 6), 5);
}

TEST(TensorGenerator, PermutationIsAPermutation) {
  Generator g(12);
  std::vector<int64_t> p = g.permutation(100).to_vector<int64_t>();
  std::vector<int64_t> sorted = p;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, arange(100, DType::Int64).to_vector<int64_t>());
  EXPECT_NE(p, sorted);  // 1 in 100! to fail by chance
  EXPECT_EQ(g.permutation(0).numel(), 0);
  EXPECT_EQ(g.permutation(1).to_vector<int64_t>(), (std::vector<int64_t>{0}));
}

TEST(TensorGenerator, MultinomialFrequenciesMatchProbabilities) {
  Generator g(13);
  const std::vector<double> probs = {0.1, 0, 0.6, 0.3, 0};
  const int64_t n = 20000;
  Tensor s = g.multinomial(from_vector(probs), n);
  EXPECT_EQ(s.shape(), (Shape{n}));
  std::vector<int64_t> count(probs.size(), 0);
  for (int64_t v : s.to_vector<int64_t>()) {
    ASSERT_GE(v, 0);
    ASSERT_LT(v, 5);
    ++count[v];
  }
  EXPECT_EQ(count[1], 0);
  EXPECT_EQ(count[4], 0);
  for (size_t j = 0; j < probs.size(); ++j)
    EXPECT_NEAR(static_cast<double>(count[j]) / n, probs[j], 0.02) << "category " << j;
}

TEST(TensorGenerator, MultinomialUnnormalisedRowsNeverPickZero) {
  Generator g(14);
  // rows need not sum to 1; zero-probability categories at the start, middle and end
  Tensor probs = tensor({0, 2, 0, 2, 0, 0, 0, 5, 0, 0, 1, 0, 0, 0, 0, 7}, {4, 4}, DType::Float32);
  Tensor s = g.multinomial(probs, 2000);
  EXPECT_EQ(s.shape(), (Shape{4, 2000}));
  const std::vector<std::set<int64_t>> allowed = {{1, 3}, {3}, {2}, {3}};
  for (int64_t r = 0; r < 4; ++r) {
    std::vector<int64_t> row = select(s, 0, r).to_vector<int64_t>();
    std::set<int64_t> seen(row.begin(), row.end());
    EXPECT_EQ(seen, allowed[r]) << "row " << r;
  }
}
