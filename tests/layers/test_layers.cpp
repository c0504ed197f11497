// Layers: float64 gradient checks of linear, embedding, batch_norm (both layouts, both modes, both
// variance conventions), the losses and FlattenConsecutive, and their errors. Sequential, Module
// behaviour and the WaveNet shape flow are in test_modules.cpp; values against PyTorch in
// test_layers_reference.cpp.
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
#include "tests/layer_testing.h"

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

// --- linear ------------------------------------------------------------------------------------

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

// --- embedding ---------------------------------------------------------------------------------

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

// --- batch_norm --------------------------------------------------------------------------------

namespace {

// gradcheck of batch_norm w.r.t. x, gamma and beta, with non-trivial running statistics (used in
// eval mode; updated, harmlessly, at every call in train mode).
void batch_norm_gradcheck(const Shape& shape, bool training, VarianceConvention variance) {
  const int64_t c = shape.back();
  Generator gen(11);
  Tensor x = gen.normal(shape, 0.3, 1.5, DType::Float64);
  Tensor gamma = gen.normal({c}, 1, 0.5, DType::Float64);
  Tensor beta = gen.normal({c}, 0, 1, DType::Float64);
  Tensor running_mean = gen.normal({c}, 0, 1, DType::Float64);
  Tensor running_var = gen.uniform({c}, 0.5, 2, DType::Float64);
  BatchNormOptions opt;
  opt.variance = variance;
  expect_gradcheck(
      [&](const Inputs& in) {
        return batch_norm(in[0], in[1], in[2], running_mean, running_var, training, opt);
      },
      {x, gamma, beta});
}

BatchNormOptions unbiased() {
  BatchNormOptions opt;
  opt.variance = VarianceConvention::Unbiased;
  return opt;
}

}  // namespace

TEST(BatchNormGradcheck, NC_Train_PyTorch) {
  batch_norm_gradcheck({6, 3}, true, VarianceConvention::PyTorch);
}
TEST(BatchNormGradcheck, NC_Train_Unbiased) {
  batch_norm_gradcheck({6, 3}, true, VarianceConvention::Unbiased);
}
TEST(BatchNormGradcheck, NC_Eval_PyTorch) {
  batch_norm_gradcheck({6, 3}, false, VarianceConvention::PyTorch);
}
TEST(BatchNormGradcheck, NC_Eval_Unbiased) {
  batch_norm_gradcheck({6, 3}, false, VarianceConvention::Unbiased);
}
TEST(BatchNormGradcheck, NLC_Train_PyTorch) {
  batch_norm_gradcheck({3, 4, 3}, true, VarianceConvention::PyTorch);
}
TEST(BatchNormGradcheck, NLC_Train_Unbiased) {
  batch_norm_gradcheck({3, 4, 3}, true, VarianceConvention::Unbiased);
}
TEST(BatchNormGradcheck, NLC_Eval_PyTorch) {
  batch_norm_gradcheck({3, 4, 3}, false, VarianceConvention::PyTorch);
}
TEST(BatchNormGradcheck, NLC_Eval_Unbiased) {
  batch_norm_gradcheck({3, 4, 3}, false, VarianceConvention::Unbiased);
}

TEST(BatchNormGradcheck, NonContiguousInput) {
  // x (N, L, C) = (2, 4, 3) arrives permuted from (2, 3, 4), as a (N, C, L) tensor would
  Tensor rm = zeros({3}, DType::Float64), rv = ones({3}, DType::Float64);
  expect_gradcheck(
      [&](const Inputs& in) {
        return batch_norm(permute(in[0], {0, 2, 1}), in[1], in[2], rm, rv, true);
      },
      {randn({2, 3, 4}, 1), randn({3}, 2), randn({3}, 3)});
}

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

TEST(BatchNorm, ChannelsLastMatchesFlattenedRows) {
  // (N, L, C) normalises over N and L: the same as (N*L, C)
  Tensor x = randn({3, 4, 5}, 1);
  BatchNorm1d a(5, {}, DType::Float64), b(5, {}, DType::Float64);
  expect_same_values(reshape(a(x), {12, 5}), b(reshape(x, {12, 5})));
  expect_same_values(a.running_mean, b.running_mean);
  expect_same_values(a.running_var, b.running_var);
}

TEST(BatchNorm, NonContiguousParametersAndRunningStats) {
  // gamma, beta, running mean and variance as strided columns of (C, 2) tables
  Tensor x = randn({6, 3}, 1), params = randn({3, 2}, 2);
  Tensor stats = tensor({0.1, -1, 0.2, -1, 0.3, -1}, {3, 2}, DType::Float64);
  Tensor var_stats = tensor({1.5, -1, 2.5, -1, 0.5, -1}, {3, 2}, DType::Float64);
  Tensor gamma = select(params, 1, 0), beta = select(params, 1, 1);
  Tensor rm = select(stats, 1, 0), rv = select(var_stats, 1, 0);
  ASSERT_FALSE(gamma.is_contiguous() || rm.is_contiguous());
  Tensor rm_c = contiguous(rm), rv_c = contiguous(rv);
  for (bool training : {false, true}) {
    Tensor want = batch_norm(x, contiguous(gamma), contiguous(beta), rm_c, rv_c, training);
    expect_same_values(batch_norm(x, gamma, beta, rm, rv, training), want);
    expect_same_values(rm, rm_c);
    expect_same_values(rv, rv_c);
  }
  // the other column of each table is untouched
  expect_same_values(select(stats, 1, 1), full({3}, -1, DType::Float64));
  expect_same_values(select(var_stats, 1, 1), full({3}, -1, DType::Float64));
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

// --- losses ------------------------------------------------------------------------------------

TEST(CrossEntropyGradcheck, Logits2d) {
  const Tensor targets = from_vector(std::vector<int64_t>{0, 6, 3, 3, 1}, {5});
  expect_gradcheck([&](const Inputs& in) { return cross_entropy(in[0], targets); },
                   {randn({5, 7}, 1)});
}

TEST(CrossEntropyGradcheck, Logits3dWithIgnoreIndex) {
  const Tensor targets = from_vector(std::vector<int64_t>{4, -1, 0, 2, -1, 1}, {2, 3});
  expect_gradcheck([&](const Inputs& in) { return cross_entropy(in[0], targets, -1); },
                   {randn({2, 3, 5}, 1)});
}

TEST(CrossEntropy, IgnoredTargetsDoNotCountInTheMean) {
  Tensor logits = randn({4, 3}, 1);
  const Tensor all = from_vector(std::vector<int64_t>{2, 0, 1, 1}, {4});
  const Tensor some = from_vector(std::vector<int64_t>{2, -100, 1, -100}, {4});
  // mean over rows 0 and 2 only
  const double want =
      (cross_entropy(narrow(logits, 0, 0, 1), narrow(all, 0, 0, 1)).item() +
       cross_entropy(narrow(logits, 0, 2, 1), narrow(all, 0, 2, 1)).item()) / 2;
  EXPECT_NEAR(cross_entropy(logits, some).item(), want, 1e-12);
}

TEST(CrossEntropy, StableForLargeLogits) {
  Tensor logits = tensor({1000, 0, -1000, 0, 1000, 999}, {2, 3});
  const Tensor targets = from_vector(std::vector<int64_t>{0, 2}, {2});
  const double loss = cross_entropy(logits, targets).item();
  EXPECT_TRUE(std::isfinite(loss));
  EXPECT_NEAR(loss, std::log1p(std::exp(-1.0)) / 2 + 0.5, 1e-4);
}

TEST(CrossEntropy, Errors) {
  Tensor logits = zeros({5, 7});
  EXPECT_EQ(error_of([&] { cross_entropy(logits, from_vector(std::vector<int64_t>{0, 7, 1, 1, 1})); }),
            "cross_entropy: target 7 is out of range for 7 classes");
  EXPECT_EQ(error_of([&] { cross_entropy(logits, zeros({4}, DType::Int64)); }),
            "cross_entropy: logits (5, 7) need int64 targets of shape (5,), got int64 (4,)");
  EXPECT_EQ(error_of([&] { cross_entropy(logits, zeros({5})); }),
            "cross_entropy: logits (5, 7) need int64 targets of shape (5,), got float32 (5,)");
}

TEST(MseLossGradcheck, PredictionAndTarget) {
  expect_gradcheck([](const Inputs& in) { return mse_loss(in[0], in[1]); },
                   {randn({4, 3}, 1), randn({4, 3}, 2)});
}

TEST(MaeLossGradcheck, AwayFromTheKink) {
  // target = pred + d with |d| in [0.5, 1.5]: no element sits near |pred - target| = 0
  Generator gen(5);
  Tensor pred = randn({4, 3}, 1);
  std::vector<double> target(12);
  for (int64_t i = 0; i < 12; ++i)
    target[i] = pred.at_flat(i) + (gen.uniform01() < 0.5 ? -1 : 1) * (0.5 + gen.uniform01());
  expect_gradcheck([](const Inputs& in) { return mae_loss(in[0], in[1]); },
                   {pred, from_vector(target, {4, 3})});
}

TEST(Losses, ShapeMismatchIsAnErrorNotABroadcast) {
  EXPECT_EQ(error_of([] { mse_loss(zeros({4, 1}), zeros({4})); }),
            "mse_loss: prediction (4, 1) and target (4,) differ in shape");
  EXPECT_EQ(error_of([] { mae_loss(zeros({4}), zeros({4, 1})); }),
            "mae_loss: prediction (4,) and target (4, 1) differ in shape");
}

// --- FlattenConsecutive and Sequential ---------------------------------------------------------

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

