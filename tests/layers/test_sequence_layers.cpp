// The sequence layers: the Conv1d module (parameters, description, initialisers), pooling,
// activation modules, Dropout, Residual, the causality and receptive field of a dilated causal
// stack, and their error messages. The conv1d op itself is tested in autograd/test_conv1d.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/kernels.h"
#include "layers/activation.h"
#include "layers/conv1d.h"
#include "layers/pooling.h"
#include "layers/receptive_field.h"
#include "layers/residual.h"
#include "tests/op_testing.h"
#include "tests/tensor_testing.h"

namespace ripple {
namespace {

using namespace testing;  // ripple::testing: tests/op_testing.h, tests/tensor_testing.h

// A plain sequential container, local to these tests.
class Stack : public Module {
 public:
  void add(std::shared_ptr<Module> m) {
    layers_.push_back(register_module(std::to_string(layers_.size()), std::move(m)));
  }
  Tensor forward(const Tensor& x) override {
    Tensor y = x;
    for (auto& m : layers_) y = (*m)(y);
    return y;
  }
  std::string describe() const override { return "Stack"; }

 private:
  std::vector<std::shared_ptr<Module>> layers_;
};

// --- Conv1d, pooling, activations, residual ------------------------------------------------------

TEST(Conv1dModule, ParametersAndDescribe) {
  Generator gen(3);
  Conv1d conv(1, 64, 2, {.dilation = 4, .padding = Padding::Causal}, gen);
  EXPECT_EQ(conv.describe(), "Conv1d(1, 64, kernel_size=2, dilation=4, padding=causal)");
  NamedTensors p = conv.named_parameters();
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].first, "weight");
  EXPECT_EQ(p[0].second.shape(), (Shape{2, 1, 64}));
  EXPECT_EQ(p[1].first, "bias");
  EXPECT_EQ(conv(zeros({32, 50, 1})).shape(), (Shape{32, 50, 64}));
  Conv1d plain(3, 5, 3, {.stride = 2, .bias = false}, gen);
  EXPECT_EQ(plain.describe(), "Conv1d(3, 5, kernel_size=3, stride=2, bias=false)");
  EXPECT_EQ(plain.parameters().size(), 1u);
}

TEST(Conv1dModule, Initialisers) {
  Generator gen(5);
  // PyTorch: weight and bias in +-1/sqrt(C_in * K)
  Conv1d torch_like(4, 8, 4, {.init = Init::PyTorch}, gen);
  const double bound = 1 / std::sqrt(16.0);
  for (double v : torch_like.weight.to_vector()) EXPECT_LE(std::abs(v), bound);
  double bias_abs = 0;
  for (double v : torch_like.bias.to_vector()) bias_abs += std::abs(v);
  EXPECT_GT(bias_abs, 0);
  // Keras: glorot uniform, limit sqrt(6 / (K C_in + K C_out)), zero bias
  Conv1d keras(4, 8, 4, {.init = Init::Keras}, gen);
  const double limit = std::sqrt(6.0 / (16 + 32));
  double max_abs = 0;
  for (double v : keras.weight.to_vector()) max_abs = std::max(max_abs, std::abs(v));
  EXPECT_LE(max_abs, limit);
  EXPECT_GT(max_abs, 0.8 * limit);
  for (double v : keras.bias.to_vector()) EXPECT_EQ(v, 0.0);
  // Lecture: N(0, 1) / sqrt(fan_in); check the spread over many weights
  Conv1d lecture(16, 64, 4, {.init = Init::Lecture, .dtype = DType::Float64}, gen);
  EXPECT_EQ(lecture.weight.dtype(), DType::Float64);
  Tensor w = lecture.weight;
  const double std_dev = std::sqrt(var(w).item());
  EXPECT_NEAR(std_dev, 1 / std::sqrt(64.0), 0.01);
}

TEST(SequenceLayers, PoolingValuesAndGradients) {
  Tensor x = tensor({1, 2, 3, 4, 5, 6}, {1, 3, 2});
  GlobalAveragePooling1d gap;
  LastStep last;
  expect_values(gap(x), {3, 4});
  expect_values(last(x), {5, 6});
  EXPECT_EQ(gap(x).shape(), (Shape{1, 2}));
  Generator gen(11);
  Tensor in = gen.normal({2, 5, 3}, 0, 1, DType::Float64);
  expect_gradcheck([&](const Inputs& v) { return gap(v[0]); }, {in},
                   "GlobalAveragePooling1d");
  expect_gradcheck([&](const Inputs& v) { return last(v[0]); }, {in}, "LastStep");
}

TEST(SequenceLayers, ActivationGradients) {
  Generator gen(12);
  Tensor in = gen.normal({2, 4, 6}, 0, 1, DType::Float64);
  Tanh tanh_layer;
  ReLU relu_layer;
  Sigmoid sigmoid_layer;
  GatedActivation gate;
  expect_gradcheck([&](const Inputs& v) { return tanh_layer(v[0]); }, {in}, "Tanh");
  expect_gradcheck([&](const Inputs& v) { return relu_layer(v[0]); }, {in}, "ReLU");
  expect_gradcheck([&](const Inputs& v) { return sigmoid_layer(v[0]); }, {in},
                   "Sigmoid");
  expect_gradcheck([&](const Inputs& v) { return gate(v[0]); }, {in},
                   "GatedActivation");
  EXPECT_EQ(gate(in).shape(), (Shape{2, 4, 3}));
}

TEST(SequenceLayers, DropoutTrainAndEval) {
  Generator gen(13);
  Dropout drop(0.25, gen);
  EXPECT_EQ(drop.describe(), "Dropout(p=0.25)");
  Tensor x = ones({100, 100}).requires_grad_();
  Tensor y = drop(x);
  int64_t zeros_seen = 0;
  for (double v : y.to_vector()) {
    if (v == 0) ++zeros_seen;
    else EXPECT_NEAR(v, 1 / 0.75, 1e-6);
  }
  EXPECT_NEAR(zeros_seen / 10000.0, 0.25, 0.03);
  sum(y).backward();
  expect_values(x.grad(), y.to_vector());  // gradient is the mask
  // the same seed gives the same mask
  Generator g1(99), g2(99);
  Dropout d1(0.5, g1), d2(0.5, g2);
  expect_values(d1(ones({50})), d2(ones({50})).to_vector());
  drop.eval();
  EXPECT_TRUE(drop(x).is_same(x));
}

TEST(SequenceLayers, ResidualAddsAndDifferentiates) {
  Generator gen(14);
  auto conv = std::make_shared<Conv1d>(
      3, 3, 3,
      Conv1dOptions{.dilation = 2, .padding = Padding::Causal, .dtype = DType::Float64}, gen);
  Residual res(conv);
  EXPECT_EQ(res.describe(), "Residual(Conv1d(3, 3, kernel_size=3, dilation=2, padding=causal))");
  EXPECT_EQ(res.named_parameters()[0].first, "inner.weight");
  Tensor x = gen.normal({2, 6, 3}, 0, 1, DType::Float64);
  expect_values(res(x), add(x, (*conv)(x)).to_vector());
  expect_gradcheck([&](const Inputs& v) { return res(v[0]); }, {x}, "Residual");
  Residual gated(std::make_shared<GatedActivation>());
  expect_error_containing([&] { gated(zeros({2, 6, 4}, DType::Float64)); },
                          "Residual: GatedActivation() maps (2, 6, 4) to (2, 6, 2)");
}

TEST(SequenceLayers, ErrorMessages) {
  Generator gen(0);
  expect_error_containing([&] { Conv1d(0, 4, 2, {}, gen); }, "Conv1d: channels must be >= 1");
  expect_error_containing([&] { Conv1d(1, 4, 2, {.stride = 2, .padding = Padding::Causal}, gen); },
                          "Conv1d: causal padding needs stride 1");
  expect_error_containing([&] { LastStep()(zeros({2, 3})); }, "LastStep: expected input (B, T, C)");
  expect_error_containing([&] { GlobalAveragePooling1d()(zeros({2, 0, 3})); },
      "GlobalAveragePooling1d: expected input (B, T, C) with T >= 1, got (2, 0, 3)");
  expect_error_containing([&] { Dropout(1.5, gen); }, "Dropout: p must be in [0, 1], got 1.5");
}

// --- causality and receptive field ---------------------------------------------------------------

// Causal convs of kernel 2 (dilations given, `repeats` times), ReLU between, positive weights.
std::shared_ptr<Stack> causal_stack(const std::vector<int64_t>& dilations, int repeats,
                                    Generator& gen) {
  auto stack = std::make_shared<Stack>();
  const int64_t C = 4;
  bool first = true;
  for (int r = 0; r < repeats; ++r)
    for (int64_t d : dilations) {
      if (!first) stack->add(std::make_shared<ReLU>());
      auto conv = std::make_shared<Conv1d>(
          first ? 1 : C, C, 2,
          Conv1dOptions{.dilation = d, .padding = Padding::Causal, .dtype = DType::Float64}, gen);
      // weights and biases in [0.1, 1]: no gradient can cancel, every ReLU stays open
      for (auto& [name, p] : conv->named_parameters())
        kernel::copy_into(p, gen.uniform(p.shape(), 0.1, 1, DType::Float64));
      stack->add(conv);
      first = false;
    }
  return stack;
}

// Input steps on which d y[0, t, 0] / d x is nonzero.
std::vector<int64_t> influence(Module& model, const Tensor& x_in, int64_t t) {
  Tensor x = kernel::clone(x_in).requires_grad_();
  Tensor y = model(x);
  select(select(select(y, 0, 0), 0, t), 0, 0).backward();
  std::vector<int64_t> steps;
  std::vector<double> g = x.grad().to_vector();
  for (size_t i = 0; i < g.size(); ++i)
    if (g[i] != 0) steps.push_back(static_cast<int64_t>(i));
  return steps;
}

TEST(CausalStack, FutureNeverChangesThePast) {
  Generator gen(21);
  auto stack = causal_stack({1, 2, 4, 8}, 1, gen);
  const int64_t T = 40;
  Tensor x = gen.normal({2, T, 1}, 0, 1, DType::Float64);
  Tensor y = (*stack)(x);
  for (int64_t t : {0, 5, 17, 38}) {
    Tensor x2 = kernel::clone(x);
    Tensor noise = gen.normal({2, T - t - 1, 1}, 0, 5, DType::Float64);
    kernel::copy_into(kernel::as_strided(x2, {2, T - t - 1, 1}, x2.strides(), t + 1), noise);
    Tensor y2 = (*stack)(x2);
    std::vector<double> past = slice(y, 1, 0, t + 1).to_vector();
    std::vector<double> past2 = slice(y2, 1, 0, t + 1).to_vector();
    for (size_t i = 0; i < past.size(); ++i) ASSERT_NEAR(past[i], past2[i], 1e-12) << "t " << t;
    EXPECT_GT(sum(abs(sub(y, y2))).item(), 1e-6);  // the future did change
  }
}

TEST(CausalStack, ReceptiveFieldFromGradientsAndConfiguration) {
  Generator gen(22);
  auto stack = causal_stack({1, 2, 4, 8}, 1, gen);
  Tensor x = gen.uniform({1, 40, 1}, 0.5, 1.5, DType::Float64);
  std::vector<int64_t> steps = influence(*stack, x, 30);
  ASSERT_EQ(steps.size(), 16u);
  EXPECT_EQ(steps.front(), 15);
  EXPECT_EQ(steps.back(), 30);
  EXPECT_EQ(influence(*stack, x, 4).size(), 5u);  // near the start: steps 0..4
  EXPECT_EQ(receptive_field(*stack), 16);
  EXPECT_EQ(receptive_field({{2, 1}, {2, 2}, {2, 4}, {2, 8}}), 16);

  auto twice = causal_stack({1, 2, 4, 8}, 2, gen);
  EXPECT_EQ(influence(*twice, x, 39).size(), 31u);
  EXPECT_EQ(receptive_field(*twice), 31);
  EXPECT_EQ(receptive_field({{2, 1}, {2, 2}, {2, 4}, {2, 8}, {2, 1}, {2, 2}, {2, 4}, {2, 8}}), 31);
}

TEST(ReceptiveField, StridesAndEdgeCases) {
  EXPECT_EQ(receptive_field(std::vector<ConvSpec>{}), 1);
  EXPECT_EQ(receptive_field({{3, 1, 2}, {3, 1, 2}, {3, 1, 1}}), 1 + 2 + 2 * 2 + 2 * 4);
  EXPECT_EQ(receptive_field({{1, 1, 1}}), 1);
  expect_error_containing([] { receptive_field({{2, 0, 1}}); }, "receptive_field: layer 0");
}

}  // namespace
}  // namespace ripple
