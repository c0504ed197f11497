// linear: float64 gradient checks (with and without bias, 1-d to 3-d input, strided views),
// values against matmul, and the error messages. Values against PyTorch are in
// test_fused_reference.cpp; the Linear module in layers/test_layers.cpp.
#include <gtest/gtest.h>

#include "autograd/ops.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;

TEST(LinearGradcheck, WithBias2d) {
  expect_gradcheck([](const Inputs& in) { return linear(in[0], in[1], in[2]); },
                   {randn({4, 5}, 1), randn({3, 5}, 2), randn({3}, 3)});
}

TEST(LinearGradcheck, WithoutBias2d) {
  expect_gradcheck([](const Inputs& in) { return linear(in[0], in[1]); },
                   {randn({4, 5}, 1), randn({3, 5}, 2)});
}

TEST(LinearGradcheck, WithBias3d) {
  expect_gradcheck([](const Inputs& in) { return linear(in[0], in[1], in[2]); },
                   {randn({2, 3, 5}, 1), randn({4, 5}, 2), randn({4}, 3)});
}

TEST(LinearGradcheck, WithoutBias3d) {
  expect_gradcheck([](const Inputs& in) { return linear(in[0], in[1]); },
                   {randn({2, 3, 5}, 1), randn({4, 5}, 2)});
}

TEST(LinearGradcheck, OneDimensionalInput) {
  expect_gradcheck([](const Inputs& in) { return linear(in[0], in[1], in[2]); },
                   {randn({5}, 1), randn({3, 5}, 2), randn({3}, 3)});
}

TEST(LinearGradcheck, NonContiguousInputAndWeight) {
  // x arrives as a transposed view (4, 5) of (5, 4); weight as a transposed view (3, 5) of (5, 3)
  expect_gradcheck(
      [](const Inputs& in) {
        return linear(transpose(in[0], 0, 1), transpose(in[1], 0, 1), in[2]);
      },
      {randn({5, 4}, 1), randn({5, 3}, 2), randn({3}, 3)});
}

TEST(Linear, ForwardMatchesMatmulPlusBias) {
  Tensor x = randn({2, 3, 5}, 1), w = randn({4, 5}, 2), b = randn({4}, 3);
  expect_same_values(linear(x, w, b), matmul(x, transpose(w, 0, 1)) + b);
  expect_same_values(linear(x, w), matmul(x, transpose(w, 0, 1)));
}

TEST(Linear, NonContiguousBias) {
  // a bias that is a column of a matrix: stride 2, not 1
  Tensor x = randn({3, 5}, 1), w = randn({4, 5}, 2), table = randn({4, 2}, 3);
  Tensor b = select(table, 1, 1);
  ASSERT_FALSE(b.is_contiguous());
  expect_same_values(linear(x, w, b), matmul(x, transpose(w, 0, 1)) + contiguous(b));
}

TEST(Linear, ShapeErrorsNameBothShapes) {
  Tensor x = randn({2, 5}, 1), w = randn({3, 4}, 2);
  EXPECT_EQ(error_of([&] { linear(x, w); }),
            "linear: input (2, 5) does not fit weight (3, 4) (out, in)");
  EXPECT_EQ(error_of([&] { linear(randn({2, 4}, 1), w, randn({4}, 3)); }),
            "linear: bias (4,) does not fit weight (3, 4)");
}

TEST(Linear, MixedDtypesThrow) {
  Tensor x = randn({2, 4}, 1), w = randn({3, 4}, 2);
  EXPECT_EQ(error_of([&] { linear(x, kernel::to_dtype(w, DType::Float32)); }),
            "linear: input is float64, weight float32; all must share one dtype");
  EXPECT_EQ(error_of([&] { linear(x, w, zeros({3}, DType::Float32)); }),
            "linear: input is float64, weight float64, bias float32; all must share one dtype");
}
