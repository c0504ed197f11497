// The fused ops against PyTorch: linear, cross_entropy, mse_loss and mae_loss, forward values and
// gradients compared with a float64 dump made by tests/fixtures/make_layers_reference.py
// (torch.nn.functional.linear, F.cross_entropy, F.mse_loss, F.l1_loss). Gradients are of
// sum(out * R) for the stored R, or of the loss itself. conv1d has its own dump
// (test_conv_reference.cpp); BatchNorm1d's steps are checked in layers/test_layers_reference.cpp.
#include <gtest/gtest.h>

#include <vector>

#include "autograd/ops.h"
#include "tests/reference_fixtures.h"

using namespace ripple;
using namespace ripple::testing;

namespace {

constexpr double kTol = 1e-10;

void check_linear(const json& c) {
  Tensor x = fixture_leaf(c["x"]), w = fixture_leaf(c["weight"]), b = fixture_leaf(c["bias"]);
  Tensor out = linear(x, w, b);
  expect_close(out, c["out"], "linear out");
  sum(out * fixture_tensor(c["R"])).backward();
  expect_close(x.grad(), c["grad_x"], "linear grad_x");
  expect_close(w.grad(), c["grad_weight"], "linear grad_weight");
  expect_close(b.grad(), c["grad_bias"], "linear grad_bias");
}

void check_cross_entropy(const json& c) {
  Tensor logits = fixture_leaf(c["logits"]);
  Shape target_shape(logits.shape().begin(), logits.shape().end() - 1);
  Tensor targets = from_vector(c["targets"].get<std::vector<int64_t>>(), target_shape);
  Tensor loss = cross_entropy(logits, targets, c["ignore_index"].get<int64_t>());
  EXPECT_EQ(loss.dim(), 0);
  EXPECT_NEAR(loss.item(), c["loss"].get<double>(), kTol);
  loss.backward();
  expect_close(logits.grad(), c["grad_logits"], "cross_entropy grad_logits");
}

void check_regression_loss(const json& c, Tensor (*loss_fn)(const Tensor&, const Tensor&)) {
  Tensor pred = fixture_leaf(c["pred"]);
  Tensor loss = loss_fn(pred, fixture_tensor(c["target"]));
  EXPECT_EQ(loss.dim(), 0);
  EXPECT_NEAR(loss.item(), c["loss"].get<double>(), kTol);
  loss.backward();
  expect_close(pred.grad(), c["grad_pred"], "grad_pred");
}

}  // namespace

TEST(OpsReference, Linear2d) { check_linear(fixture("layers_reference")["linear_2d"]); }
TEST(OpsReference, Linear3d) { check_linear(fixture("layers_reference")["linear_3d"]); }

TEST(OpsReference, CrossEntropy) { check_cross_entropy(fixture("layers_reference")["cross_entropy"]); }
TEST(OpsReference, CrossEntropyIgnoreDefault) {
  check_cross_entropy(fixture("layers_reference")["cross_entropy_ignore_default"]);
}
TEST(OpsReference, CrossEntropy3dIgnoreCustom) {
  check_cross_entropy(fixture("layers_reference")["cross_entropy_ignore_custom"]);
}

TEST(OpsReference, MseLoss) { check_regression_loss(fixture("layers_reference")["mse_loss"], mse_loss); }
TEST(OpsReference, MaeLossMatchesL1Loss) {
  check_regression_loss(fixture("layers_reference")["l1_loss"], mae_loss);
}
