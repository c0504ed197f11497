// The losses: float64 gradient checks of cross_entropy (2-d, 3-d, ignore_index), mse_loss and
// mae_loss, ignored targets, stability for large logits, and the error messages. Values against
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
