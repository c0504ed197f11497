// makemore's gated WaveNet: shapes and sizes, the gradient of the whole model against finite
// differences in float64, causality, conditioning, and a save/load round trip.
#include <gtest/gtest.h>

#include <cmath>

#include "autograd/ops.h"
#include "layers/checkpoint.h"
#include "models/makemore.h"
#include "models/makemore_gated.h"
#include "tests/op_testing.h"
#include "tests/temp_dir.h"

using namespace ripple;

namespace {

using ripple::testing::error_of;

makemore::ModelConfig tiny(int64_t labels = 0) {
  return {.kind = makemore::ModelKind::Gated, .vocab_size = 5, .embd = 3, .hidden = 4, .dilations = {1, 2},
          .labels = labels};
}

TEST(MakemoreGated, ShapesAndParameterCount) {
  Generator gen(0);
  const makemore::ModelConfig defaults = makemore::kind_info(makemore::ModelKind::Gated).defaults;
  makemore::ModelConfig names = defaults;
  names.vocab_size = 27;
  auto model = makemore::make_model(names, gen);
  EXPECT_EQ(model->num_parameters(), makemore::parameter_count(names));
  EXPECT_LE(model->num_parameters(), 250000);  // the budget
  EXPECT_EQ(makemore::conv_receptive_field(names), 31);
  EXPECT_EQ((*model)(gen.randint(0, 27, {4, 11})).shape(), (Shape{4, 11, 27}));
  for (int64_t labels : {0, 3}) {
    auto m = makemore::make_model(tiny(labels), gen);
    EXPECT_EQ(m->num_parameters(), makemore::parameter_count(tiny(labels))) << labels;
  }
  // the first predictions are near uniform: the last 1x1 conv starts small
  NoGradGuard no_grad;
  Tensor x = gen.randint(0, 27, {8, 9});
  EXPECT_NEAR(cross_entropy((*model)(x), gen.randint(0, 27, {8, 9})).item(), std::log(27.0), 0.3);
}

// The gradient of sum(logits * R) with respect to every parameter, from backward, against central
// differences in float64, for a conditional model (so the label tables are checked too).
TEST(MakemoreGated, GradientOfEveryParameterMatchesFiniteDifferences) {
  Generator gen(3);
  makemore::GatedWaveNet model(tiny(2), gen, DType::Float64);
  const Tensor x = from_vector(std::vector<int64_t>{0, 1, 4, 2, 3, 0, 0, 2, 2, 1, 4, 0}, {2, 6});
  const Tensor labels = from_vector(std::vector<int64_t>{1, 0}, {2});
  const Tensor R = gen.normal({2, 6, 5}, 0, 1, DType::Float64);
  auto objective = [&] { return sum(model.forward(x, labels) * R); };
  model.zero_grad();
  objective().backward();
  const double eps = 1e-6;
  double worst = 0;
  int64_t checked = 0;
  for (auto& [name, p] : model.named_parameters()) {
    ASSERT_TRUE(p.grad().defined() || name.starts_with("blocks.1.out")) << name;
    const std::vector<double> analytic =
        p.grad().defined() ? p.grad().to_vector<double>() : std::vector<double>(static_cast<size_t>(p.numel()), 0.0);
    double* data = p.data<double>();
    for (int64_t k = 0; k < p.numel(); ++k) {
      const double keep = data[k];
      NoGradGuard no_grad;
      data[k] = keep + eps;
      const double up = objective().item();
      data[k] = keep - eps;
      const double down = objective().item();
      data[k] = keep;
      const double numeric = (up - down) / (2 * eps);
      EXPECT_NEAR(analytic[static_cast<size_t>(k)], numeric, 1e-6 + 1e-5 * std::abs(numeric)) << name << "[" << k << "]";
      worst = std::max(worst, std::abs(analytic[static_cast<size_t>(k)] - numeric));
      ++checked;
    }
  }
  EXPECT_EQ(checked, model.num_parameters());
  EXPECT_LT(worst, 1e-6);
}

// Changing the character at position p changes the logits at p .. p + R - 1 and nowhere else,
// in particular never an earlier position.
TEST(MakemoreGated, IsCausalWithTheReceptiveFieldOfItsDilations) {
  Generator gen(5);
  const makemore::ModelConfig c{.kind = makemore::ModelKind::Gated, .vocab_size = 7, .embd = 4, .hidden = 5,
                                .dilations = {1, 2, 4}};
  auto model = makemore::make_model(c, gen);
  const int64_t R = makemore::conv_receptive_field(c), T = 20;
  EXPECT_EQ(R, 8);
  NoGradGuard no_grad;
  std::vector<int64_t> seq(T);
  for (int64_t t = 0; t < T; ++t) seq[t] = 1 + t % 6;
  const Tensor base = (*model)(from_vector(seq, {1, T}));
  for (int64_t changed : {0, 6, 19}) {
    std::vector<int64_t> other = seq;
    other[changed] = other[changed] == 1 ? 2 : 1;
    const Tensor out = (*model)(from_vector(other, {1, T}));
    for (int64_t t = 0; t < T; ++t) {
      double diff = 0;
      for (int64_t v = 0; v < 7; ++v) diff = std::max(diff, std::abs(base.at({0, t, v}) - out.at({0, t, v})));
      if (t < changed || t >= changed + R) EXPECT_EQ(diff, 0) << "changed " << changed << ", t " << t;
      else EXPECT_GT(diff, 0) << "changed " << changed << ", t " << t;
    }
  }
}

TEST(MakemoreGated, LabelsChangeThePredictionsAndAreChecked) {
  Generator gen(6);
  makemore::GatedWaveNet model(tiny(3), gen);
  const Tensor x = from_vector(std::vector<int64_t>{0, 1, 2, 3}, {1, 4});
  NoGradGuard no_grad;
  const Tensor a = model.forward(x, from_vector(std::vector<int64_t>{0}, {1}));
  const Tensor b = model.forward(x, from_vector(std::vector<int64_t>{2}, {1}));
  double diff = 0;
  const std::vector<double> va = a.to_vector<double>(), vb = b.to_vector<double>();
  for (size_t i = 0; i < va.size(); ++i) diff = std::max(diff, std::abs(va[i] - vb[i]));
  EXPECT_GT(diff, 1e-4);
  EXPECT_NE(error_of([&] { model(x); }).find("conditioned on 3 labels"), std::string::npos);
  EXPECT_NE(error_of([&] { model.forward(x, from_vector(std::vector<int64_t>{0, 1}, {2})); }).find("expected labels (1,)"),
            std::string::npos);
  makemore::GatedWaveNet plain(tiny(0), gen);
  EXPECT_NE(error_of([&] { plain.forward(x, from_vector(std::vector<int64_t>{0}, {1})); }).find("without conditioning"),
            std::string::npos);
}

TEST(MakemoreGated, SaveLoadRoundTrip) {
  ripple::testing::TempDir dir;
  const std::string path = (dir.path / "gated.safetensors").string();
  Generator g1(1), g2(2);
  auto a = makemore::make_model(tiny(), g1);
  auto b = makemore::make_model(tiny(), g2);
  save_checkpoint(path, *a);
  load_checkpoint(path, *b);
  NoGradGuard no_grad;
  const Tensor x = from_vector(std::vector<int64_t>{0, 1, 4, 2, 3, 0}, {1, 6});
  EXPECT_EQ((*a)(x).to_vector<double>(), (*b)(x).to_vector<double>());
  std::vector<std::string> names;
  for (const auto& [name, t] : a->state()) names.push_back(name);
  EXPECT_EQ(names.front(), "embedding.weight");
  EXPECT_NE(std::find(names.begin(), names.end(), "blocks.1.dilated.weight"), names.end());
  EXPECT_EQ(names.back(), "head2.bias");
}

// --dropout: inverted dropout (layers/activation.h) in training, the identity in evaluation, with
// masks drawn from a generator of the model's own that can be reseeded (the app does, per step).
TEST(MakemoreGatedDropout, DropsInTrainingOnlyAndReplaysFromItsGenerator) {
  Generator gen(5);
  makemore::ModelConfig cfg = tiny();
  cfg.dropout = 0.5;
  makemore::GatedWaveNet model(cfg, gen);
  makemore::GatedWaveNet plain(tiny(), gen);
  EXPECT_EQ(model.num_parameters(), plain.num_parameters());  // no weights of its own
  EXPECT_EQ(plain.dropout_generator(), nullptr);
  ASSERT_NE(model.dropout_generator(), nullptr);
  const Tensor x = gen.randint(0, 5, {3, 6});
  NoGradGuard no_grad;
  *model.dropout_generator() = Generator(11);
  const std::vector<float> a = model(x).to_vector<float>();
  const std::vector<float> b = model(x).to_vector<float>();
  *model.dropout_generator() = Generator(11);
  EXPECT_EQ(model(x).to_vector<float>(), a);  // the same masks again
  EXPECT_NE(a, b);                            // fresh masks each call
  model.eval();
  EXPECT_EQ(model(x).to_vector<float>(), model(x).to_vector<float>());
}

}  // namespace

// evaluate() takes whole words shortest first and cuts each chunk to its longest word; the mean
// loss is still the one cross-entropy over every real position of the padded split, in one pass.
TEST(MakemoreGated, EvaluateInSortedChunksEqualsOnePass) {
  Generator gen(8);
  for (makemore::ModelKind kind : {makemore::ModelKind::Gated, makemore::ModelKind::Conv}) {
    makemore::ModelConfig c = tiny(kind == makemore::ModelKind::Gated ? 3 : 0);
    c.kind = kind;
    if (kind == makemore::ModelKind::Conv) c.hidden = 6;
    auto model = makemore::make_model(c, gen);
    std::vector<std::vector<int64_t>> words;
    for (int64_t i = 0; i < 23; ++i) {  // lengths 1..9, in no order
      std::vector<int64_t> w;
      for (int64_t t = 0; t <= (i * 5) % 9; ++t) w.push_back(1 + (i + t) % 4);
      words.push_back(w);
    }
    makemore::Dataset d = makemore::build_sequences(words);
    if (c.labels) d.labels = gen.randint(0, c.labels, {d.size()});
    double whole = 0;
    {
      EvalGuard eval(*model);
      NoGradGuard no_grad;
      whole = cross_entropy(makemore::logits_of(*model, d.x, d.labels), d.y).item();
    }
    for (int64_t chunk : {1, 5, 23, 4096})
      EXPECT_NEAR(makemore::evaluate(*model, d, chunk), whole, 1e-5) << makemore::kind_name(kind) << " chunk " << chunk;
    EXPECT_TRUE(model->is_training());  // the mode is restored
  }
}
