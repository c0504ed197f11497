// Modules: Sequential (with a gradient check), Module behaviour (names, counts, train/eval,
// zero_grad, load_state errors, summary) and the makemore WaveNet's shape flow and parameter count.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "autograd/gradcheck.h"
#include "autograd/ops.h"
#include "core/generator.h"
#include "layers/activation.h"
#include "layers/batch_norm.h"
#include "layers/linear.h"
#include "layers/sequential.h"
#include "tests/op_testing.h"

using namespace ripple;
using namespace ripple::testing;

namespace {

// A shared Sequential of `layers` (make_shared cannot forward a braced list).
std::shared_ptr<Sequential> seq(std::initializer_list<std::shared_ptr<Module>> layers) {
  auto s = std::make_shared<Sequential>();
  for (const auto& layer : layers) s->add(layer);
  return s;
}

}  // namespace


namespace {

// Linear(4, 3, bias=false) -> BatchNorm1d(3) -> Tanh -> Linear(3, 2), float64.
std::shared_ptr<Sequential> small_mlp(DType dtype = DType::Float64) {
  Generator gen(21);
  LinearOptions no_bias, with_bias;
  no_bias.bias = false;
  no_bias.dtype = with_bias.dtype = dtype;
  return seq({std::make_shared<Linear>(4, 3, gen, no_bias),
              std::make_shared<BatchNorm1d>(3, BatchNormOptions{}, dtype),
              std::make_shared<Tanh>(), std::make_shared<Linear>(3, 2, gen, with_bias)});
}

}  // namespace

TEST(SequentialGradcheck, InputAndParameters) {
  auto model = small_mlp();
  Tensor x = randn({5, 4}, 1);
  expect_gradcheck([&](const Inputs& in) { return (*model)(in[0]); }, {x});
  GradcheckResult r = parameter_gradcheck(*model, x);
  EXPECT_TRUE(r.ok) << r.message;
}

TEST(Sequential, RunsItsLayersInOrder) {
  auto model = small_mlp();
  ASSERT_EQ(model->size(), 4u);
  Tensor x = randn({5, 4}, 1);
  Tensor h = x;
  for (size_t i = 0; i < model->size(); ++i) h = (*model)[i](h);
  model->train();
  expect_same_values((*model)(x), h);
  EXPECT_EQ((*model)[0].describe(), "Linear(4, 3, bias=false)");
}

// --- module behaviour --------------------------------------------------------------------------

TEST(Module, NamedParametersAndBuffers) {
  Generator gen(1);
  Sequential model{std::make_shared<Linear>(4, 3, gen, LinearOptions{.bias = false}),
                   std::make_shared<BatchNorm1d>(3)};
  EXPECT_EQ(names(model.named_parameters()),
            (std::vector<std::string>{"0.weight", "1.weight", "1.bias"}));
  EXPECT_EQ(names(model.named_buffers()),
            (std::vector<std::string>{"1.running_mean", "1.running_var"}));
  EXPECT_EQ(names(model.state()), (std::vector<std::string>{"0.weight", "1.weight", "1.bias",
                                                            "1.running_mean", "1.running_var"}));
  EXPECT_EQ(model.num_parameters(), 12 + 3 + 3);
  EXPECT_EQ(model.parameters().size(), 3u);
  // the named tensors are the module's own handles, not copies
  auto* bn = dynamic_cast<BatchNorm1d*>(&model[1]);
  ASSERT_NE(bn, nullptr);
  EXPECT_TRUE(model.named_buffers()[0].second.is_same(bn->running_mean));
}

TEST(Module, NestedNamesJoinWithDots) {
  Generator gen(1);
  auto inner = seq({std::make_shared<Tanh>(), std::make_shared<Linear>(2, 2, gen)});
  Sequential outer{std::make_shared<Linear>(2, 2, gen), inner};
  EXPECT_EQ(names(outer.named_parameters()),
            (std::vector<std::string>{"0.weight", "0.bias", "1.1.weight", "1.1.bias"}));
  EXPECT_EQ(outer.num_parameters(), 12);
}

TEST(Module, TrainAndEvalRecurse) {
  Generator gen(1);
  auto inner = seq({std::make_shared<BatchNorm1d>(2)});
  Sequential outer{std::make_shared<Linear>(2, 2, gen), inner};
  EXPECT_TRUE(outer.is_training());
  outer.eval();
  EXPECT_FALSE(outer.is_training());
  EXPECT_FALSE(outer[0].is_training());
  EXPECT_FALSE((*inner)[0].is_training());
  outer.train();
  EXPECT_TRUE((*inner)[0].is_training());
}

TEST(Module, ZeroGradDropsEveryGradient) {
  auto model = small_mlp();
  sum((*model)(randn({5, 4}, 1))).backward();
  for (auto& [name, p] : model->named_parameters()) EXPECT_TRUE(p.grad().defined()) << name;
  model->zero_grad();
  for (auto& [name, p] : model->named_parameters()) EXPECT_FALSE(p.grad().defined()) << name;
}

TEST(Module, LoadStateCopiesIntoTheSameHandles) {
  auto a = small_mlp(), b = small_mlp();
  for (auto& [name, t] : b->state()) kernel::copy_into(t, full(t.shape(), 0.5, t.dtype()));
  Tensor weight_before = a->named_parameters()[0].second;
  a->load_state(b->state());
  EXPECT_TRUE(a->named_parameters()[0].second.is_same(weight_before));
  for (auto& [name, t] : a->state()) EXPECT_EQ(t.at_flat(0), 0.5) << name;
}

TEST(Module, LoadStateErrorsNameTheTensor) {
  Generator gen(1);
  Sequential model{std::make_shared<Linear>(4, 3, gen, LinearOptions{.bias = false}),
                   std::make_shared<BatchNorm1d>(3)};
  const NamedTensors good = model.state();

  NamedTensors missing(good.begin(), good.end() - 1);
  EXPECT_EQ(error_of([&] { model.load_state(missing); }),
            "load_state: missing tensor '1.running_var' for Sequential");

  NamedTensors unexpected = good;
  unexpected.emplace_back("2.weight", zeros({3}));
  EXPECT_EQ(error_of([&] { model.load_state(unexpected); }),
            "load_state: unexpected tensor '2.weight' for Sequential");

  NamedTensors wrong_shape = good;
  wrong_shape[0].second = zeros({3, 5});
  EXPECT_EQ(error_of([&] { model.load_state(wrong_shape); }),
            "load_state: tensor '0.weight' has shape (3, 5), the model expects (3, 4)");

  NamedTensors wrong_dtype = good;
  wrong_dtype[2].second = zeros({3}, DType::Float64);
  EXPECT_EQ(error_of([&] { model.load_state(wrong_dtype); }),
            "load_state: tensor '1.bias' is float64, the model expects float32");
}

TEST(Module, FailedLoadStateChangesNothing) {
  auto model = small_mlp();
  NamedTensors state;
  for (auto& [name, t] : model->state()) state.emplace_back(name, full(t.shape(), 7, t.dtype()));
  state.back().second = zeros({9}, DType::Float64);  // the last one has the wrong shape
  const std::vector<double> before = model->named_parameters()[0].second.to_vector<double>();
  EXPECT_THROW(model->load_state(state), Error);
  EXPECT_EQ(model->named_parameters()[0].second.to_vector<double>(), before);
}

TEST(Module, SummaryListsLayersShapesAndTotal) {
  auto model = small_mlp(DType::Float32);
  const std::string s = summary(*model, {5, 4});
  for (const char* want : {"Sequential", "  Linear(4, 3, bias=false)", "  BatchNorm1d(3)",
                           "  Tanh()", "  Linear(3, 2)", "(5, 3)", "(5, 2)", "Total params: 26"})
    EXPECT_NE(s.find(want), std::string::npos) << "missing \"" << want << "\" in\n" << s;
}

TEST(Module, SummaryRestoresEachModulesMode) {
  auto model = small_mlp(DType::Float32);
  model->train();
  (*model)[1].eval();  // a frozen BatchNorm inside a training model
  summary(*model, {5, 4});
  EXPECT_TRUE(model->is_training());
  EXPECT_TRUE((*model)[0].is_training());
  EXPECT_FALSE((*model)[1].is_training());
}

TEST(Module, SummaryRestoresModesWhenTheForwardThrows) {
  auto model = small_mlp(DType::Float32);
  model->train();
  EXPECT_EQ(error_of([&] { summary(*model, {5, 7}); }),
            "linear: input (5, 7) does not fit weight (3, 4) (out, in)");
  EXPECT_TRUE(model->is_training());
  EXPECT_TRUE((*model)[1].is_training());
  // and the next summary starts from a clean table
  const std::string s = summary(*model, {5, 4});
  EXPECT_EQ(s.find("(5, 7)"), std::string::npos) << s;
}

TEST(Module, EvalGuardSwitchesTheTreeAndRestoresEachModulesMode) {
  auto model = small_mlp(DType::Float32);
  (*model)[1].eval();  // a frozen BatchNorm inside a training model
  try {
    EvalGuard eval(*model);
    EXPECT_FALSE(model->is_training());
    EXPECT_FALSE((*model)[0].is_training());
    throw Error("leaving the scope early");
  } catch (const Error&) {
  }
  EXPECT_TRUE(model->is_training());
  EXPECT_TRUE((*model)[0].is_training());
  EXPECT_FALSE((*model)[1].is_training());
}

TEST(Module, SummaryDoesNotTouchRunningStats) {
  auto model = small_mlp(DType::Float32);
  summary(*model, {5, 4});
  auto* bn = dynamic_cast<BatchNorm1d*>(&(*model)[1]);
  ASSERT_NE(bn, nullptr);
  EXPECT_EQ(bn->running_mean.to_vector<double>(), std::vector<double>(3, 0.0));
  EXPECT_EQ(bn->running_var.to_vector<double>(), std::vector<double>(3, 1.0));
}

// --- the makemore WaveNet ----------------------------------------------------------------------

namespace {

// The lecture's model: Embedding(27, 24); 3 x [FlattenConsecutive(2), Linear(no bias) to 128,
// BatchNorm1d(128), Tanh]; Linear(128, 27).
std::shared_ptr<Sequential> lecture_wavenet(Generator& gen) {
  const int64_t vocab = 27, n_embd = 24, n_hidden = 128;
  LinearOptions no_bias;
  no_bias.bias = false;
  auto model = std::make_shared<Sequential>();
  model->add(std::make_shared<Embedding>(vocab, n_embd, gen));
  int64_t width = n_embd;
  for (int i = 0; i < 3; ++i) {
    model->add(std::make_shared<FlattenConsecutive>(2));
    model->add(std::make_shared<Linear>(width * 2, n_hidden, gen, no_bias));
    model->add(std::make_shared<BatchNorm1d>(n_hidden));
    model->add(std::make_shared<Tanh>());
    width = n_hidden;
  }
  model->add(std::make_shared<Linear>(n_hidden, vocab, gen));
  return model;
}

}  // namespace

TEST(WaveNet, LectureShapeFlow) {
  Generator gen(42);
  Embedding emb(27, 24, gen);
  FlattenConsecutive flat(2);
  Linear lin(48, 128, gen, LinearOptions{.bias = false});
  BatchNorm1d bn(128);
  const Tensor idx = gen.randint(0, 27, {4, 8});
  Tensor h = emb(idx);
  EXPECT_EQ(h.shape(), (Shape{4, 8, 24}));
  h = flat(h);
  EXPECT_EQ(h.shape(), (Shape{4, 4, 48}));
  h = bn(lin(h));
  EXPECT_EQ(h.shape(), (Shape{4, 4, 128}));

  auto model = lecture_wavenet(gen);
  Tensor logits = (*model)(idx);
  EXPECT_EQ(logits.shape(), (Shape{4, 27}));
  EXPECT_EQ(model->num_parameters(), 76579);
  // and the loss trains every parameter
  cross_entropy(logits, gen.randint(0, 27, {4})).backward();
  for (auto& [name, p] : model->named_parameters()) EXPECT_TRUE(p.grad().defined()) << name;
}

TEST(WaveNet, SummaryShowsEachStage) {
  Generator gen(42);
  auto model = lecture_wavenet(gen);
  const std::string s = summary(*model, {4, 8}, DType::Int64);
  for (const char* want : {"Embedding(27, 24)", "(4, 8, 24)", "FlattenConsecutive(2)",
                           "(4, 4, 48)", "Linear(48, 128, bias=false)", "(4, 4, 128)",
                           "(4, 2, 256)", "(4, 256)", "(4, 128)", "Linear(128, 27)", "(4, 27)",
                           "Total params: 76579"})
    EXPECT_NE(s.find(want), std::string::npos) << "missing \"" << want << "\" in\n" << s;
}

TEST(Sequential, RunsBatchNormThenTanhAsOneOpWithTheSameNumbers) {
  auto model = small_mlp(DType::Float32);
  Tensor x = Generator(3).normal({5, 4}, 0, 1, DType::Float32);
  Tensor fused = (*model)(x);  // through Sequential::forward: BatchNorm1d::forward_tanh
  Tensor h = x;                // the same layers called one by one
  for (size_t i = 0; i < model->size(); ++i) h = (*model)[i](h);
  EXPECT_EQ(fused.to_vector<float>(), h.to_vector<float>());
  model->eval();
  EXPECT_EQ((*model)(x).to_vector<float>(), (*model)[3]((*model)[2]((*model)[1]((*model)[0](x)))).to_vector<float>());
}
