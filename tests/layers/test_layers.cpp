// Layers: Linear, Embedding and BatchNorm1d as modules (their parameters, float64 gradient checks
// through them, train and eval, descriptions, the errors they pass on) and FlattenConsecutive.
// The ops they call are tested in tests/autograd/; Sequential, Module behaviour and the WaveNet
// shape flow in test_modules.cpp; values against PyTorch in test_layers_reference.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "autograd/gradcheck.h"
#include "autograd/ops.h"
#include "core/generator.h"
#include "layers/activation.h"
#include "layers/batch_norm.h"
#include "layers/linear.h"
#include "layers/sequential.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;

namespace {

LinearOptions f64(bool bias = true) {
  LinearOptions opt;
  opt.bias = bias;
  opt.dtype = DType::Float64;
  return opt;
}

}  // namespace

// --- Linear --------------------------------------------------------------------------------------

TEST(LinearModule, GradcheckThroughItsParameters) {
  Generator gen(7);
  Linear lin(5, 3, gen, f64());
  Tensor x = randn({4, 5}, 1);
  expect_same_values(lin(x), linear(x, lin.weight, lin.bias));
  expect_gradcheck([](const Inputs& in) { return linear(in[0], in[1], in[2]); },
                   {x, lin.weight, lin.bias});
  GradcheckResult r = parameter_gradcheck(lin, x);
  EXPECT_TRUE(r.ok) << r.message;
}

TEST(LinearModule, ParametersShapesAndDescription) {
  Generator gen(7);
  Linear with_bias(48, 128, gen), no_bias(48, 128, gen, LinearOptions{.bias = false});
  EXPECT_EQ(names(with_bias.named_parameters()), (std::vector<std::string>{"weight", "bias"}));
  EXPECT_EQ(names(no_bias.named_parameters()), (std::vector<std::string>{"weight"}));
  EXPECT_EQ(with_bias.weight.shape(), (Shape{128, 48}));
  EXPECT_EQ(with_bias.bias.shape(), (Shape{128}));
  EXPECT_FALSE(no_bias.bias.defined());
  EXPECT_EQ(with_bias.num_parameters(), 48 * 128 + 128);
  EXPECT_EQ(no_bias.num_parameters(), 48 * 128);
  EXPECT_TRUE(with_bias.weight.requires_grad());
  EXPECT_EQ(with_bias.describe(), "Linear(48, 128)");
  EXPECT_EQ(no_bias.describe(), "Linear(48, 128, bias=false)");
  EXPECT_EQ(with_bias(zeros({4, 4, 48})).shape(), (Shape{4, 4, 128}));
}

TEST(LinearModule, SameSeedSameWeights) {
  Generator g1(42), g2(42);
  Linear a(6, 5, g1), b(6, 5, g2);
  expect_same_values(a.weight, b.weight, 0);
  expect_same_values(a.bias, b.bias, 0);
}

// --- Embedding -----------------------------------------------------------------------------------

TEST(EmbeddingGradcheck, RepeatedIndices) {
  Generator gen(3);
  Embedding emb(5, 4, gen, DType::Float64);
  const Tensor idx = from_vector(std::vector<int64_t>{1, 3, 1, 0, 1, 3}, {2, 3});
  expect_same_values(emb(idx), embedding(emb.weight, idx));
  EXPECT_EQ(emb(idx).shape(), (Shape{2, 3, 4}));
  expect_gradcheck([&](const Inputs& in) { return embedding(in[0], idx); }, {emb.weight});
  GradcheckResult r = parameter_gradcheck(emb, idx);
  EXPECT_TRUE(r.ok) << r.message;
}

TEST(Embedding, IndexOutOfRangeIsAnError) {
  Generator gen(3);
  Embedding emb(27, 2, gen);
  EXPECT_THROW(emb(from_vector(std::vector<int64_t>{3, 27}, {2})), Error);
  EXPECT_THROW(emb(from_vector(std::vector<int64_t>{-1}, {1})), Error);
  EXPECT_THROW(emb(zeros({2})), Error);  // float indices
}

TEST(Embedding, RepeatedIndicesAccumulateGradient) {
  Generator gen(3);
  Embedding emb(5, 2, gen, DType::Float64);
  const Tensor idx = from_vector(std::vector<int64_t>{1, 3, 1, 0, 1, 3}, {2, 3});
  sum(emb(idx)).backward();
  // row k of the gradient counts how often k appears: 0 once, 1 three times, 3 twice
  expect_same_values(emb.weight.grad(), tensor({1, 1, 3, 3, 0, 0, 2, 2, 0, 0}, {5, 2}));
  EXPECT_EQ(emb.describe(), "Embedding(5, 2)");
  EXPECT_EQ(emb.num_parameters(), 10);
}

// --- BatchNorm1d ---------------------------------------------------------------------------------

namespace {

BatchNormOptions unbiased() {
  BatchNormOptions opt;
  opt.variance = VarianceConvention::Unbiased;
  return opt;
}

}  // namespace

TEST(BatchNormModule, GradcheckThroughItsParameters) {
  for (bool training : {true, false}) {
    BatchNorm1d bn(3, unbiased(), DType::Float64);
    bn.train(training);
    Tensor x = randn({4, 5, 3}, 1);
    expect_gradcheck(
        [&](const Inputs& in) {
          return batch_norm(in[0], in[1], in[2], bn.running_mean, bn.running_var, training,
                            unbiased());
        },
        {x, bn.weight, bn.bias});
    GradcheckResult r = parameter_gradcheck(bn, x);
    EXPECT_TRUE(r.ok) << (training ? "train: " : "eval: ") << r.message;
  }
}

TEST(BatchNormModule, MaskedForwardCountsTheMaskedRowsInTrainingOnly) {
  const Tensor x = randn({2, 3, 2}, 1);
  const Tensor mask = from_vector(std::vector<int64_t>{1, 1, 0, 1, 0, 0}, {2, 3});
  BatchNorm1d bn(2, {}, DType::Float64);
  Tensor rm = zeros({2}, DType::Float64), rv = ones({2}, DType::Float64);
  expect_same_values(bn.forward(x, mask), batch_norm(x, bn.weight, bn.bias, rm, rv, true, {}, mask));
  expect_same_values(bn.running_mean, rm);
  bn.eval();
  expect_same_values(bn.forward(x, mask), bn(x));  // evaluation ignores the mask
}

TEST(BatchNorm, ChannelsLastMatchesFlattenedRows) {
  // (N, L, C) normalises over N and L: the same as (N*L, C)
  Tensor x = randn({3, 4, 5}, 1);
  BatchNorm1d a(5, {}, DType::Float64), b(5, {}, DType::Float64);
  expect_same_values(reshape(a(x), {12, 5}), b(reshape(x, {12, 5})));
  expect_same_values(a.running_mean, b.running_mean);
  expect_same_values(a.running_var, b.running_var);
}

TEST(BatchNorm, MixedDtypesThrow) {
  BatchNorm1d bn(3);  // float32
  EXPECT_EQ(error_of([&] { bn(zeros({4, 3}, DType::Float64)); }),
            "batch_norm: input is float64, parameters and running statistics must be too, got "
            "float32");
}

TEST(BatchNorm, TrainUpdatesRunningStatsEvalDoesNot) {
  BatchNorm1d bn(2, {}, DType::Float64);
  Tensor x = tensor({1, 10, 2, 20, 6, 60}, {3, 2}, DType::Float64);
  bn(x);  // train mode by default: mean (3, 30), unbiased variance (7, 700)
  expect_same_values(bn.running_mean, tensor({0.3, 3.0}, {2}, DType::Float64));
  expect_same_values(bn.running_var, tensor({0.9 + 0.7, 0.9 + 70}, {2}, DType::Float64));
  bn.eval();
  Tensor y = bn(x);
  expect_same_values(bn.running_mean, tensor({0.3, 3.0}, {2}, DType::Float64));
  // eval normalises with the running statistics
  EXPECT_NEAR(y.at({0, 0}), (1 - 0.3) / std::sqrt(1.6 + 1e-5), 1e-12);
}

TEST(BatchNorm, EvalAcceptsASingleExampleTrainDoesNot) {
  BatchNorm1d bn(3);
  EXPECT_EQ(error_of([&] { bn(zeros({1, 3})); }),
            "batch_norm: training needs more than one value per channel, got input (1, 3)");
  bn.eval();
  EXPECT_EQ(bn(zeros({1, 3})).shape(), (Shape{1, 3}));
  bn.train();
  EXPECT_EQ(bn(zeros({1, 4, 3})).shape(), (Shape{1, 4, 3}));  // N = 1 but L = 4 values
}

TEST(BatchNorm, ShapeErrors) {
  BatchNorm1d bn(3);
  EXPECT_EQ(error_of([&] { bn(zeros({4, 5})); }),
            "batch_norm: input (4, 5) has 5 channels, parameters have shape (3,)");
  EXPECT_EQ(error_of([&] { bn(zeros({2, 3, 4, 3})); }),
            "batch_norm: expected (N, C) or (N, L, C) input, got (2, 3, 4, 3)");
  EXPECT_EQ(bn.describe(), "BatchNorm1d(3)");
  EXPECT_EQ(BatchNorm1d(3, unbiased()).describe(), "BatchNorm1d(3, unbiased)");
}

// --- FlattenConsecutive and Sequential -----------------------------------------------------------

TEST(FlattenConsecutive, GroupsConsecutiveSteps) {
  Tensor x = randn({2, 8, 3}, 1);
  Tensor y = FlattenConsecutive(2)(x);
  ASSERT_EQ(y.shape(), (Shape{2, 4, 6}));
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t t = 0; t < 4; ++t)
      for (int64_t k = 0; k < 2; ++k)
        for (int64_t c = 0; c < 3; ++c)
          EXPECT_EQ(y.at({b, t, k * 3 + c}), x.at({b, t * 2 + k, c}));
}

TEST(FlattenConsecutive, SqueezesWhenOneStepIsLeft) {
  Tensor x = randn({2, 4, 3}, 1);
  EXPECT_EQ(FlattenConsecutive(4)(x).shape(), (Shape{2, 12}));
  EXPECT_EQ(FlattenConsecutive(2)(FlattenConsecutive(2)(x)).shape(), (Shape{2, 12}));
}

TEST(FlattenConsecutive, NonContiguousInput) {
  Tensor base = randn({2, 3, 8}, 1);
  Tensor x = permute(base, {0, 2, 1});  // (2, 8, 3), not contiguous
  expect_same_values(FlattenConsecutive(2)(x), FlattenConsecutive(2)(contiguous(x)), 0);
}

TEST(FlattenConsecutiveGradcheck, ThreeDimensionalOutput) {
  FlattenConsecutive flat(2);
  expect_gradcheck([&](const Inputs& in) { return flat(in[0]); }, {randn({2, 8, 3}, 1)});
}

TEST(FlattenConsecutiveGradcheck, SqueezedOutput) {
  FlattenConsecutive flat(3);
  expect_gradcheck([&](const Inputs& in) { return flat(in[0]); }, {randn({2, 3, 4}, 1)});
}

TEST(FlattenConsecutive, Errors) {
  EXPECT_EQ(error_of([] { FlattenConsecutive(3)(zeros({2, 8, 5})); }),
            "FlattenConsecutive(3): expected (B, T, C) with T divisible by 3, got (2, 8, 5)");
  EXPECT_EQ(error_of([] { FlattenConsecutive(2)(zeros({8, 5})); }),
            "FlattenConsecutive(2): expected (B, T, C) with T divisible by 2, got (8, 5)");
  EXPECT_EQ(error_of([] { FlattenConsecutive(0); }),
            "FlattenConsecutive: n must be positive, got 0");
}

