// Layers against PyTorch: forward values, gradients and running statistics compared with a
// float64 dump made by tests/fixtures/make_layers_reference.py (torch.nn.functional.linear,
// torch.nn.BatchNorm1d, the makemore lecture's BatchNorm1d, F.cross_entropy, F.mse_loss,
// F.l1_loss). Gradients are of sum(out * R) for the stored R, or of the loss itself.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "autograd/ops.h"
#include "layers/batch_norm.h"
#include "layers/linear.h"
#include "tests/reference_fixtures.h"

using namespace ripple;
using ripple::testing::expect_close;
using ripple::testing::fixture;
using ripple::testing::fixture_leaf;
using ripple::testing::fixture_tensor;
using ripple::testing::json;

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

// The same steps as make_layers_reference.py's batch_norm_case, through the BatchNorm1d module:
// one training step on batch 0 (output, gradients), two more on batches 1 and 2, the running
// statistics, then eval mode on batch 3.
void check_batch_norm(const json& c, VarianceConvention variance) {
  BatchNormOptions opt;
  opt.variance = variance;
  const int64_t channels = c["weight"]["shape"][0].get<int64_t>();
  BatchNorm1d bn(channels, opt, DType::Float64);
  bn.load_state({{"weight", fixture_tensor(c["weight"])},
                 {"bias", fixture_tensor(c["bias"])},
                 {"running_mean", zeros({channels}, DType::Float64)},
                 {"running_var", ones({channels}, DType::Float64)}});

  auto step = [&](const json& x_json, const json& want, const std::string& mode) {
    bn.zero_grad();
    Tensor x = fixture_leaf(x_json);
    Tensor out = bn(x);
    expect_close(out, want["out"], mode + " out");
    sum(out * fixture_tensor(want["R"])).backward();
    expect_close(x.grad(), want["grad_x"], mode + " grad_x");
    expect_close(bn.weight.grad(), want["grad_weight"], mode + " grad_weight");
    expect_close(bn.bias.grad(), want["grad_bias"], mode + " grad_bias");
  };

  bn.train();
  step(c["batches"][0], c["train"], "train");
  {
    NoGradGuard no_grad;
    bn(fixture_tensor(c["batches"][1]));
    bn(fixture_tensor(c["batches"][2]));
  }
  expect_close(bn.running_mean, c["running_mean"], "running_mean");
  expect_close(bn.running_var, c["running_var"], "running_var");
  bn.eval();
  step(c["batches"][3], c["eval"], "eval");
  // evaluation must leave the running statistics alone
  expect_close(bn.running_mean, c["running_mean"], "running_mean after eval");
  expect_close(bn.running_var, c["running_var"], "running_var after eval");
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

TEST(LayersReference, Linear2d) { check_linear(fixture("layers_reference")["linear_2d"]); }
TEST(LayersReference, Linear3d) { check_linear(fixture("layers_reference")["linear_3d"]); }

TEST(LayersReference, BatchNormNCPyTorch) {
  check_batch_norm(fixture("layers_reference")["batch_norm_nc_pytorch"], VarianceConvention::PyTorch);
}
TEST(LayersReference, BatchNormNLCPyTorch) {
  check_batch_norm(fixture("layers_reference")["batch_norm_nlc_pytorch"], VarianceConvention::PyTorch);
}
TEST(LayersReference, BatchNormNLCLectureUnbiased) {
  check_batch_norm(fixture("layers_reference")["batch_norm_nlc_unbiased"], VarianceConvention::Unbiased);
}
TEST(LayersReference, BatchNormNCLectureUnbiased) {
  check_batch_norm(fixture("layers_reference")["batch_norm_nc_unbiased"], VarianceConvention::Unbiased);
}

TEST(LayersReference, CrossEntropy) { check_cross_entropy(fixture("layers_reference")["cross_entropy"]); }
TEST(LayersReference, CrossEntropyIgnoreDefault) {
  check_cross_entropy(fixture("layers_reference")["cross_entropy_ignore_default"]);
}
TEST(LayersReference, CrossEntropy3dIgnoreCustom) {
  check_cross_entropy(fixture("layers_reference")["cross_entropy_ignore_custom"]);
}

TEST(LayersReference, MseLoss) { check_regression_loss(fixture("layers_reference")["mse_loss"], mse_loss); }
TEST(LayersReference, MaeLossMatchesL1Loss) {
  check_regression_loss(fixture("layers_reference")["l1_loss"], mae_loss);
}
