// BatchNorm1d against PyTorch: forward values, gradients and running statistics over training
// and evaluation steps, compared with a float64 dump made by tests/fixtures/make_layers_reference.py
// (torch.nn.BatchNorm1d and the makemore lecture's BatchNorm1d). Gradients are of sum(out * R) for
// the stored R. The ops of the same dump are checked in tests/autograd/test_fused_reference.cpp.
#include <gtest/gtest.h>

#include <string>

#include "autograd/ops.h"
#include "layers/batch_norm.h"
#include "tests/reference_fixtures.h"

using namespace ripple;
using namespace ripple::testing;

namespace {

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

}  // namespace

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
