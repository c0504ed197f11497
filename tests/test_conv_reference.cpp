// conv1d against PyTorch: outputs and the gradients of sum(out * R) for x, weight and bias,
// compared with a float64 dump made by tests/fixtures/make_conv_reference.py (F.conv1d with
// explicit F.pad for valid / same (Keras rule, odd and even kernels) / causal, dilations 1, 2,
// 4, strides 1 and 2). The JSON already holds ripple's layouts: x (B, T, C_in), weight
// (K, C_in, C_out), out (B, T_out, C_out).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <string>

#include "autograd/ops.h"
#include "layers/conv1d.h"

namespace ripple {
namespace {

using json = nlohmann::json;

constexpr double kTol = 1e-10;

const json& reference() {
  static const json ref = [] {
    const std::string path = std::string(RIPPLE_SOURCE_DIR) + "/tests/fixtures/conv_reference.json";
    std::ifstream in(path);
    if (!in)
      throw std::runtime_error("cannot open " + path +
                               "; regenerate it with /usr/bin/python3 "
                               "tests/fixtures/make_conv_reference.py");
    return json::parse(in);
  }();
  return ref;
}

// {"shape": [...], "data": [...]} -> a float64 leaf that requires grad.
Tensor leaf(const json& j) {
  Tensor t = from_vector(j.at("data").get<std::vector<double>>(), j.at("shape").get<Shape>());
  t.requires_grad_();
  return t;
}

void expect_close(const Tensor& got, const json& want, const std::string& what) {
  ASSERT_TRUE(got.defined()) << what << ": undefined tensor";
  ASSERT_EQ(got.shape(), want.at("shape").get<Shape>()) << what;
  const std::vector<double> g = got.to_vector();
  const std::vector<double> w = want.at("data").get<std::vector<double>>();
  for (size_t i = 0; i < w.size(); ++i)
    ASSERT_NEAR(g[i], w[i], kTol * std::max(1.0, std::abs(w[i]))) << what << " element " << i;
}

Padding parse_padding(const std::string& s) {
  if (s == "valid") return Padding::Valid;
  if (s == "same") return Padding::Same;
  if (s == "causal") return Padding::Causal;
  throw std::runtime_error("unknown padding " + s);
}

TEST(ConvReference, MatchesPyTorchForwardAndBackward) {
  const json& cases = reference().at("cases");
  ASSERT_GE(cases.size(), 20u);
  for (const json& c : cases) {
    const std::string name = c.at("name");
    SCOPED_TRACE(name);
    Tensor x = leaf(c.at("x")), w = leaf(c.at("weight"));
    Tensor b = c.contains("bias") ? leaf(c.at("bias")) : Tensor();
    Tensor r = leaf(c.at("R")).detach();
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
