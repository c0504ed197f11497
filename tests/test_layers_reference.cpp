// Layers against PyTorch: forward values, gradients and running statistics compared with a
// float64 dump made by tests/fixtures/make_layers_reference.py (torch.nn.functional.linear,
// torch.nn.BatchNorm1d, the makemore lecture's BatchNorm1d, F.cross_entropy, F.mse_loss,
// F.l1_loss). Gradients are of sum(out * R) for the stored R, or of the loss itself.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <string>

#include "autograd/ops.h"
#include "layers/batch_norm.h"
#include "layers/linear.h"
#include "layers/loss.h"

using namespace ripple;
using json = nlohmann::json;

namespace {

constexpr double kTol = 1e-10;

const json& reference() {
  static const json ref = [] {
    const std::string path = std::string(RIPPLE_SOURCE_DIR) + "/tests/fixtures/layers_reference.json";
    std::ifstream in(path);
    if (!in)
      throw std::runtime_error("cannot open " + path +
                               "; regenerate it with /usr/bin/python3 "
                               "tests/fixtures/make_layers_reference.py");
    return json::parse(in);
  }();
  return ref;
}

// {"shape": [...], "data": [...]} -> a float64 tensor.
Tensor load(const json& j) {
  return from_vector(j.at("data").get<std::vector<double>>(), j.at("shape").get<Shape>());
}

Tensor leaf(const json& j) {
  Tensor t = load(j);
  t.requires_grad_();
  return t;
}

// Same shape and every element within kTol (relative to the magnitude for large values).
void expect_close(const Tensor& got, const json& want_json, const std::string& what) {
  ASSERT_TRUE(got.defined()) << what << ": undefined tensor";
  Tensor want = load(want_json);
  ASSERT_EQ(got.shape(), want.shape()) << what;
  std::vector<double> g = got.to_vector<double>(), w = want.to_vector<double>();
  for (size_t i = 0; i < w.size(); ++i)
    EXPECT_NEAR(g[i], w[i], kTol * std::max(1.0, std::abs(w[i]))) << what << " element " << i;
}

void check_linear(const json& c) {
  Tensor x = leaf(c["x"]), w = leaf(c["weight"]), b = leaf(c["bias"]);
  Tensor out = linear(x, w, b);
  expect_close(out, c["out"], "linear out");
  sum(out * load(c["R"])).backward();
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
  bn.load_state({{"weight", load(c["weight"])},
                 {"bias", load(c["bias"])},
                 {"running_mean", zeros({channels}, DType::Float64)},
                 {"running_var", ones({channels}, DType::Float64)}});

  auto step = [&](const json& x_json, const json& want, const std::string& mode) {
    bn.zero_grad();
    Tensor x = leaf(x_json);
    Tensor out = bn(x);
    expect_close(out, want["out"], mode + " out");
    sum(out * load(want["R"])).backward();
    expect_close(x.grad(), want["grad_x"], mode + " grad_x");
    expect_close(bn.weight.grad(), want["grad_weight"], mode + " grad_weight");
    expect_close(bn.bias.grad(), want["grad_bias"], mode + " grad_bias");
  };

  bn.train();
  step(c["batches"][0], c["train"], "train");
  {
    NoGradGuard no_grad;
    bn(load(c["batches"][1]));
    bn(load(c["batches"][2]));
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
  Tensor logits = leaf(c["logits"]);
  Shape target_shape(logits.shape().begin(), logits.shape().end() - 1);
  Tensor targets = from_vector(c["targets"].get<std::vector<int64_t>>(), target_shape);
  Tensor loss = cross_entropy(logits, targets, c["ignore_index"].get<int64_t>());
  EXPECT_EQ(loss.dim(), 0);
  EXPECT_NEAR(loss.item(), c["loss"].get<double>(), kTol);
  loss.backward();
  expect_close(logits.grad(), c["grad_logits"], "cross_entropy grad_logits");
}

void check_regression_loss(const json& c, Tensor (*loss_fn)(const Tensor&, const Tensor&)) {
  Tensor pred = leaf(c["pred"]);
  Tensor loss = loss_fn(pred, load(c["target"]));
  EXPECT_EQ(loss.dim(), 0);
  EXPECT_NEAR(loss.item(), c["loss"].get<double>(), kTol);
  loss.backward();
  expect_close(pred.grad(), c["grad_pred"], "grad_pred");
}

}  // namespace

TEST(LayersReference, Linear2d) { check_linear(reference()["linear_2d"]); }
TEST(LayersReference, Linear3d) { check_linear(reference()["linear_3d"]); }

TEST(LayersReference, BatchNormNCPyTorch) {
  check_batch_norm(reference()["batch_norm_nc_pytorch"], VarianceConvention::PyTorch);
}
TEST(LayersReference, BatchNormNLCPyTorch) {
  check_batch_norm(reference()["batch_norm_nlc_pytorch"], VarianceConvention::PyTorch);
}
TEST(LayersReference, BatchNormNLCLectureUnbiased) {
  check_batch_norm(reference()["batch_norm_nlc_unbiased"], VarianceConvention::Unbiased);
}
TEST(LayersReference, BatchNormNCLectureUnbiased) {
  check_batch_norm(reference()["batch_norm_nc_unbiased"], VarianceConvention::Unbiased);
}

TEST(LayersReference, CrossEntropy) { check_cross_entropy(reference()["cross_entropy"]); }
TEST(LayersReference, CrossEntropyIgnoreDefault) {
  check_cross_entropy(reference()["cross_entropy_ignore_default"]);
}
TEST(LayersReference, CrossEntropy3dIgnoreCustom) {
  check_cross_entropy(reference()["cross_entropy_ignore_custom"]);
}

TEST(LayersReference, MseLoss) { check_regression_loss(reference()["mse_loss"], mse_loss); }
TEST(LayersReference, MaeLossMatchesL1Loss) {
  check_regression_loss(reference()["l1_loss"], mae_loss);
}
