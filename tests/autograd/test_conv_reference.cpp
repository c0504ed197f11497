// conv1d against PyTorch: outputs and the gradients of sum(out * R) for x, weight and bias,
// compared with a float64 dump made by tests/fixtures/make_conv_reference.py (F.conv1d with
// explicit F.pad for valid / same (Keras rule, odd and even kernels) / causal, dilations 1, 2,
// 4, strides 1 and 2). The JSON already holds ripple's layouts: x (B, T, C_in), weight
// (K, C_in, C_out), out (B, T_out, C_out).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "autograd/ops.h"
#include "layers/conv1d.h"
#include "tests/reference_fixtures.h"

namespace ripple {
namespace {

using testing::expect_close;
using testing::fixture_leaf;
using testing::json;

Padding parse_padding(const std::string& s) {
  if (s == "valid") return Padding::Valid;
  if (s == "same") return Padding::Same;
  if (s == "causal") return Padding::Causal;
  throw std::runtime_error("unknown padding " + s);
}

TEST(ConvReference, MatchesPyTorchForwardAndBackward) {
  const json& cases = testing::fixture("conv_reference").at("cases");
  ASSERT_GE(cases.size(), 20u);
  for (const json& c : cases) {
    const std::string name = c.at("name");
    SCOPED_TRACE(name);
    Tensor x = fixture_leaf(c.at("x")), w = fixture_leaf(c.at("weight"));
    Tensor b = c.contains("bias") ? fixture_leaf(c.at("bias")) : Tensor();
    Tensor r = fixture_leaf(c.at("R")).detach();
    Tensor out = conv1d(x, w, b, c.at("stride").get<int64_t>(), c.at("dilation").get<int64_t>(),
                        parse_padding(c.at("padding")));
    expect_close(out, c.at("out"), name + " out");
    sum(mul(out, r)).backward();
    expect_close(x.grad(), c.at("grad_x"), name + " grad_x");
    expect_close(w.grad(), c.at("grad_weight"), name + " grad_weight");
    if (b.defined()) expect_close(b.grad(), c.at("grad_bias"), name + " grad_bias");
  }
}

}  // namespace
}  // namespace ripple
