// Tests for the convolution family: conv1d (values, float64 gradchecks for every padding mode,
// dilation, stride, kernel 1, even kernels, bias or not), the Conv1d module, pooling, activations,
// Residual, causality and receptive field of a dilated causal stack, and the error messages.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "autograd/gradcheck.h"
#include "autograd/ops.h"
#include "core/generator.h"
#include "core/kernels.h"
#include "layers/activation.h"
#include "layers/conv1d.h"
#include "layers/pooling.h"
#include "layers/receptive_field.h"
#include "layers/residual.h"

namespace ripple {
namespace {

using Fn = std::function<Tensor(const std::vector<Tensor>&)>;

void expect_gradcheck(const Fn& f, const std::vector<Tensor>& inputs, const std::string& what) {
  GradcheckResult r = gradcheck(f, inputs);
  EXPECT_TRUE(r.ok) << what << ": " << r.message;
}

void expect_values(const Tensor& t, const std::vector<double>& want) {
  std::vector<double> got = t.to_vector();
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-6) << "element " << i;
}

// Runs f and checks that it throws ripple::Error whose message contains `text`.
void expect_error(const std::function<void()>& f, const std::string& text) {
  try {
    f();
    ADD_FAILURE() << "expected an error containing: " << text;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos)
        << "message: " << e.what() << "\nexpected to contain: " << text;
  }
}

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

// --- values ------------------------------------------------------------------------------------

TEST(Conv1d, TutorialDemoPaddingModes) {
  Tensor x = tensor({1, 2, 3, 4, 5}, {1, 5, 1});
  Tensor w = ones({3, 1, 1});
  expect_values(conv1d(x, w, Tensor(), 1, 1, Padding::Same), {3, 6, 9, 12, 9});
  expect_values(conv1d(x, w, Tensor(), 1, 1, Padding::Causal), {1, 3, 6, 9, 12});
  expect_values(conv1d(x, w, Tensor(), 1, 1, Padding::Valid), {6, 9, 12});
  EXPECT_EQ(conv1d(x, w, Tensor(), 1, 1, Padding::Valid).shape(), (Shape{1, 3, 1}));
}

TEST(Conv1d, DilationStrideAndBiasValues) {
  Tensor x = tensor({1, 2, 3, 4, 5, 6, 7}, {1, 7, 1});
  Tensor w = tensor({1, 10}, {2, 1, 1});  // y[t] = x[t] + 10 x[t + d]
  expect_values(conv1d(x, w, Tensor(), 1, 2, Padding::Valid), {31, 42, 53, 64, 75});
  expect_values(conv1d(x, w, Tensor(), 1, 2, Padding::Causal), {10, 20, 31, 42, 53, 64, 75});
  expect_values(conv1d(x, w, Tensor(), 2, 1, Padding::Valid), {21, 43, 65});
  // same, even kernel, stride 1: one pad on the right
  expect_values(conv1d(x, w, Tensor(), 1, 1, Padding::Same), {21, 32, 43, 54, 65, 76, 7});
  // same, stride 2: T_out = 4, total pad = max(3*2 + 2 - 7, 0) = 1, on the right
  expect_values(conv1d(x, w, tensor({0.5}, {1}), 2, 1, Padding::Same), {21.5, 43.5, 65.5, 7.5});
}

TEST(Conv1d, GeometryFollowsKerasRule) {
  Conv1dGeometry g = conv1d_geometry(7, 3, 2, 1, Padding::Same);
  EXPECT_EQ(g.out_length, 4);
  EXPECT_EQ(g.pad_left, 1);
  EXPECT_EQ(g.pad_right, 1);
  g = conv1d_geometry(10, 4, 1, 1, Padding::Same);  // total 3: 1 left, 2 right
  EXPECT_EQ(g.out_length, 10);
  EXPECT_EQ(g.pad_left, 1);
  EXPECT_EQ(g.pad_right, 2);
  g = conv1d_geometry(10, 2, 1, 4, Padding::Causal);
  EXPECT_EQ(g.out_length, 10);
  EXPECT_EQ(g.pad_left, 4);
  EXPECT_EQ(conv1d_geometry(10, 3, 3, 2, Padding::Valid).out_length, 2);  // (10 - 5) / 3 + 1
}

TEST(Conv1d, KernelOneIsMatmulAndFloat32MatchesFloat64) {
  Generator gen(1);
  Tensor x = gen.normal({2, 6, 4}, 0, 1, DType::Float64);
  Tensor w = gen.normal({1, 4, 3}, 0, 1, DType::Float64);
  Tensor b = gen.normal({3}, 0, 1, DType::Float64);
  Tensor want = add(matmul(x, select(w, 0, 0)), b);
  expect_values(conv1d(x, w, b), want.to_vector());
  // float32 through im2col agrees with float64
  Tensor w3 = gen.normal({3, 4, 5}, 0, 1, DType::Float64);
  Tensor y64 = conv1d(x, w3, Tensor(), 1, 2, Padding::Causal);
  Tensor y32 = conv1d(to_dtype(x, DType::Float32), to_dtype(w3, DType::Float32), Tensor(), 1, 2,
                      Padding::Causal);
  std::vector<double> a = y64.to_vector(), c = y32.to_vector();
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], c[i], 1e-4);
}

// --- gradients ---------------------------------------------------------------------------------

struct Case {
  int64_t kernel, stride, dilation;
  Padding padding;
  bool bias;
};

TEST(Conv1d, GradcheckEveryConfiguration) {
  const std::vector<Case> cases = {
      {3, 1, 1, Padding::Valid, true},  {3, 1, 2, Padding::Valid, false},
      {2, 1, 4, Padding::Valid, true},  {3, 1, 1, Padding::Same, true},
      {3, 1, 2, Padding::Same, false},  {3, 1, 4, Padding::Same, true},
      {2, 1, 1, Padding::Same, true},   {4, 1, 2, Padding::Same, false},
      {2, 1, 1, Padding::Causal, true}, {2, 1, 2, Padding::Causal, false},
      {3, 1, 4, Padding::Causal, true}, {3, 2, 1, Padding::Valid, true},
      {2, 2, 2, Padding::Valid, false}, {3, 2, 1, Padding::Same, true},
      {2, 2, 1, Padding::Same, false},  {1, 1, 1, Padding::Valid, true},
      {1, 1, 1, Padding::Causal, false}, {1, 2, 1, Padding::Same, true},
  };
  Generator gen(7);
  for (const Case& c : cases) {
    const int64_t C_in = 3, C_out = 2;
    std::vector<Tensor> in = {gen.normal({2, 9, C_in}, 0, 1, DType::Float64),
                              gen.normal({c.kernel, C_in, C_out}, 0, 1, DType::Float64)};
    if (c.bias) in.push_back(gen.normal({C_out}, 0, 1, DType::Float64));
    Fn f = [c](const std::vector<Tensor>& v) {
      return conv1d(v[0], v[1], v.size() > 2 ? v[2] : Tensor(), c.stride, c.dilation, c.padding);
    };
    expect_gradcheck(f, in,
                     "kernel " + std::to_string(c.kernel) + " stride " + std::to_string(c.stride) +
                         " dilation " + std::to_string(c.dilation) + " " + padding_name(c.padding) +
                         (c.bias ? " bias" : " no bias"));
  }
}

TEST(Conv1d, GradcheckNonContiguousInput) {
  Generator gen(8);
  // x given as (B, C, T) and permuted to (B, T, C): a strided view
  Fn f = [](const std::vector<Tensor>& v) {
    return conv1d(permute(v[0], {0, 2, 1}), v[1], v[2], 1, 2, Padding::Causal);
  };
  expect_gradcheck(f, {gen.normal({2, 3, 7}, 0, 1, DType::Float64),
                       gen.normal({2, 3, 4}, 0, 1, DType::Float64),
                       gen.normal({4}, 0, 1, DType::Float64)},
                   "permuted input");
}

TEST(Conv1d, ModuleParametersAndDescribe) {
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

TEST(Conv1d, Initialisers) {
  Generator gen(5);
  // PyTorch: weight and bias in +-1/sqrt(C_in * K)
  Conv1d torch_like(4, 8, 4, {.init = Init::PyTorch}, gen);
  const double bound = 1 / std::sqrt(16.0);
  for (double v : torch_like.weight().to_vector()) EXPECT_LE(std::abs(v), bound);
  double bias_abs = 0;
  for (double v : torch_like.bias().to_vector()) bias_abs += std::abs(v);
  EXPECT_GT(bias_abs, 0);
  // Keras: glorot uniform, limit sqrt(6 / (K C_in + K C_out)), zero bias
  Conv1d keras(4, 8, 4, {.init = Init::Keras}, gen);
  const double limit = std::sqrt(6.0 / (16 + 32));
  double max_abs = 0;
  for (double v : keras.weight().to_vector()) max_abs = std::max(max_abs, std::abs(v));
  EXPECT_LE(max_abs, limit);
  EXPECT_GT(max_abs, 0.8 * limit);
  for (double v : keras.bias().to_vector()) EXPECT_EQ(v, 0.0);
  // Lecture: N(0, 1) / sqrt(fan_in); check the spread over many weights
  Conv1d lecture(16, 64, 4, {.init = Init::Lecture, .dtype = DType::Float64}, gen);
  EXPECT_EQ(lecture.weight().dtype(), DType::Float64);
  Tensor w = lecture.weight();
  const double std_dev = std::sqrt(var(w).item());
  EXPECT_NEAR(std_dev, 1 / std::sqrt(64.0), 0.01);
}

// --- pooling, activations, residual ------------------------------------------------------------

TEST(SequenceLayers, PoolingValuesAndGradients) {
  Tensor x = tensor({1, 2, 3, 4, 5, 6}, {1, 3, 2});
  GlobalAveragePooling1d gap;
  LastStep last;
  expect_values(gap(x), {3, 4});
  expect_values(last(x), {5, 6});
  EXPECT_EQ(gap(x).shape(), (Shape{1, 2}));
  Generator gen(11);
  Tensor in = gen.normal({2, 5, 3}, 0, 1, DType::Float64);
  expect_gradcheck([&](const std::vector<Tensor>& v) { return gap(v[0]); }, {in},
                   "GlobalAveragePooling1d");
  expect_gradcheck([&](const std::vector<Tensor>& v) { return last(v[0]); }, {in}, "LastStep");
}

TEST(SequenceLayers, ActivationGradients) {
  Generator gen(12);
  Tensor in = gen.normal({2, 4, 6}, 0, 1, DType::Float64);
  Tanh tanh_layer;
  ReLU relu_layer;
  Sigmoid sigmoid_layer;
  GatedActivation gate;
  expect_gradcheck([&](const std::vector<Tensor>& v) { return tanh_layer(v[0]); }, {in}, "Tanh");
  expect_gradcheck([&](const std::vector<Tensor>& v) { return relu_layer(v[0]); }, {in}, "ReLU");
  expect_gradcheck([&](const std::vector<Tensor>& v) { return sigmoid_layer(v[0]); }, {in},
                   "Sigmoid");
  expect_gradcheck([&](const std::vector<Tensor>& v) { return gate(v[0]); }, {in},
                   "GatedActivation");
  // the gate equals tanh(a) * sigmoid(b) composed from the ops
  Tensor want = mul(tanh(narrow(in, -1, 0, 3)), sigmoid(narrow(in, -1, 3, 3)));
  Tensor got = gate(in);
  EXPECT_EQ(got.shape(), (Shape{2, 4, 3}));
  expect_values(got, want.to_vector());
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
  expect_gradcheck([&](const std::vector<Tensor>& v) { return res(v[0]); }, {x}, "Residual");
  Residual gated(std::make_shared<GatedActivation>());
  expect_error([&] { gated(zeros({2, 6, 4}, DType::Float64)); },
               "Residual: GatedActivation() maps (2, 6, 4) to (2, 6, 2)");
}

// --- causality and receptive field -------------------------------------------------------------

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
  expect_error([] { receptive_field({{2, 0, 1}}); }, "receptive_field: layer 0");
}

// --- errors ------------------------------------------------------------------------------------

TEST(Conv1d, ErrorMessagesNameOpAndShapes) {
  Tensor w = zeros({2, 1, 64});
  try {
    conv1d(zeros({32, 50, 3}), w, Tensor());
    ADD_FAILURE() << "expected a channel mismatch";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "conv1d: input (32, 50, 3) has 3 channels, weight (2, 1, 64) expects 1");
  }
  expect_error([&] { conv1d(zeros({50, 1}), w, Tensor()); },
               "conv1d: expected input (B, T, C_in), got (50, 1)");
  expect_error([&] { conv1d(zeros({1, 50, 1}), zeros({2, 64}), Tensor()); },
               "conv1d: expected weight (K, C_in, C_out), got (2, 64)");
  expect_error([&] { conv1d(zeros({1, 2, 1}), zeros({3, 1, 1}), Tensor()); },
               "conv1d: input of 2 steps is too short for kernel 3 with dilation 1");
  expect_error([&] { conv1d(zeros({1, 4, 1}), zeros({2, 1, 1}), Tensor(), 1, 4); },
               "valid padding needs at least 5 steps");
  expect_error([&] { conv1d(zeros({1, 5, 1}), w, zeros({3})); },
               "conv1d: bias (3,) does not match weight (2, 1, 64) with 64 output channels");
  expect_error([&] { conv1d(zeros({1, 5, 1}), w, Tensor(), 0); },
               "conv1d: stride must be >= 1, got 0");
  expect_error([&] { conv1d(zeros({1, 5, 1}), w, Tensor(), 1, 0); },
               "conv1d: dilation must be >= 1");
  expect_error([&] { conv1d(zeros({1, 5, 1}), zeros({0, 1, 1}), Tensor()); },
               "conv1d: kernel size must be >= 1, got 0");
  expect_error([&] { conv1d(zeros({1, 5, 1}), w, Tensor(), 2, 1, Padding::Causal); },
               "conv1d: causal padding needs stride 1 (as in Keras), got stride 2");
  expect_error([&] { conv1d(zeros({1, 5, 1}), zeros({2, 1, 64}, DType::Float64), Tensor()); },
               "conv1d: dtype mismatch, input float32, weight float64");

  Generator gen(0);
  expect_error([&] { Conv1d(0, 4, 2, {}, gen); }, "Conv1d: channels must be >= 1");
  expect_error([&] { Conv1d(1, 4, 2, {.stride = 2, .padding = Padding::Causal}, gen); },
               "Conv1d: causal padding needs stride 1");
  expect_error([&] { GatedActivation()(zeros({2, 3})); },
               "gated_activation: expected input (..., 2C) with an even last dim, got (2, 3)");
  expect_error([&] { LastStep()(zeros({2, 3})); }, "LastStep: expected input (B, T, C)");
  expect_error([&] { GlobalAveragePooling1d()(zeros({2, 0, 3})); },
               "GlobalAveragePooling1d: expected input (B, T, C) with T >= 1, got (2, 0, 3)");
  expect_error([&] { Dropout(1.5, gen); }, "Dropout: p must be in [0, 1], got 1.5");
}

}  // namespace
}  // namespace ripple
