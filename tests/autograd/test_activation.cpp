// gated_activation: tanh(a) * sigmoid(b) on the two halves of the last dim, checked against the
// composed ops, a float64 gradient check, and the error message.
#include <gtest/gtest.h>

#include "autograd/ops.h"
#include "core/generator.h"
#include "tests/op_testing.h"
#include "tests/tensor_testing.h"

using namespace ripple;
using namespace ripple::testing;

TEST(GatedActivation, EqualsTheComposedOpsAndGradchecks) {
  Generator gen(12);
  Tensor in = gen.normal({2, 4, 6}, 0, 1, DType::Float64);
  Tensor want = mul(tanh(narrow(in, -1, 0, 3)), sigmoid(narrow(in, -1, 3, 3)));
  Tensor got = gated_activation(in);
  EXPECT_EQ(got.shape(), (Shape{2, 4, 3}));
  expect_values(got, want.to_vector());
  expect_gradcheck([](const Inputs& v) { return gated_activation(v[0]); }, {in});
  // strided input: (2, 6, 4) permuted to (2, 4, 6)
  Tensor strided = permute(gen.normal({2, 6, 4}, 0, 1, DType::Float64), {0, 2, 1});
  expect_gradcheck([](const Inputs& v) { return gated_activation(v[0]); }, {strided});
}

TEST(GatedActivation, OddOrMissingLastDimIsAnError) {
  EXPECT_EQ(error_of([] { gated_activation(zeros({2, 3})); }),
            "gated_activation: expected input (..., 2C) with an even last dim, got (2, 3)");
  EXPECT_EQ(error_of([] { gated_activation(zeros({})); }),
            "gated_activation: expected input (..., 2C) with an even last dim, got ()");
}
