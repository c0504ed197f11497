// The losses: float64 gradient checks of cross_entropy (2-d, 3-d, ignore_index), mse_loss and
// mae_loss and quantile_loss, ignored targets, stability for large logits, and the error messages. Values against
// PyTorch are in test_fused_reference.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "autograd/ops.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;

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

TEST(QuantileLoss, HandComputedValues) {
  // levels 0.1 and 0.9, one window of two steps, targets 1 and 3. Level-major predictions:
  // q0.1 forecasts (0, 4), q0.9 forecasts (2, 2).
  //   q0.1: d = 1 - 0 = 1 -> 0.1 * 1 = 0.1;    d = 3 - 4 = -1 -> (0.1 - 1) * -1 = 0.9
  //   q0.9: d = 1 - 2 = -1 -> (0.9 - 1) * -1 = 0.1;  d = 3 - 2 = 1 -> 0.9 * 1 = 0.9
  // summed over the levels per step: 0.2 and 1.8; their mean: 1.0
  const Tensor pred = from_vector(std::vector<double>{0, 4, 2, 2}, {1, 4});
  const Tensor target = from_vector(std::vector<double>{1, 3}, {1, 2});
  EXPECT_NEAR(quantile_loss(pred, target, {0.1, 0.9}).item(), 1.0, 1e-12);
  // one level 0.5 is half the mean absolute error
  EXPECT_NEAR(quantile_loss(narrow(pred, 1, 0, 2), target, {0.5}).item(),
              0.5 * mae_loss(narrow(pred, 1, 0, 2), target).item(), 1e-12);
}

TEST(QuantileLoss, ItsMinimiserIsTheQuantile) {
  // a constant forecast p of the targets 1..10: the pinball loss of level 0.2 is lowest at the
  // 0.2-quantile, between the 2nd and 3rd values, and rises on both sides
  std::vector<double> ys;
  for (int i = 1; i <= 10; ++i) ys.push_back(i);
  const Tensor y = from_vector(ys, {10, 1});
  auto loss_at = [&](double p) { return quantile_loss(full({10, 1}, p, DType::Float64), y, {0.2}).item(); };
  EXPECT_LT(loss_at(2.5), loss_at(1.5));
  EXPECT_LT(loss_at(2.5), loss_at(3.5));
  EXPECT_NEAR(loss_at(2.0), loss_at(3.0), 1e-12);  // flat between the order statistics
}

TEST(QuantileLossGradcheck, AwayFromTheKink) {
  Generator gen(7);
  Tensor pred = randn({3, 2, 6}, 1);  // three levels of two steps, at every one of two positions
  std::vector<double> target(12);
  for (int64_t i = 0; i < 12; ++i) target[i] = 4 + gen.uniform01();  // above every prediction
  expect_gradcheck([](const Inputs& in) { return quantile_loss(in[0], in[1], {0.1, 0.5, 0.9}); },
                   {pred, from_vector(target, {3, 2, 2})});
}

TEST(QuantileLoss, Errors) {
  EXPECT_EQ(error_of([] { quantile_loss(zeros({4, 3}), zeros({4, 2}), {0.1, 0.9}); }),
            "quantile_loss: prediction (4, 3) for 2 levels needs target (..., E) with prediction (..., 2 * E), "
            "got target (4, 2)");
  EXPECT_NE(error_of([] { quantile_loss(zeros({4, 2}), zeros({4, 1}), {0.1, 1.0}); }).find("(0, 1)"),
            std::string::npos);
}
