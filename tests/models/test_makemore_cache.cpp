// makemore's cached incremental prediction (makemore_cache.h): pushing the characters of a word
// one at a time gives the logits the full forward pass gives at each position, for conv (with
// BatchNorm running statistics that are not the identity) and gated (with labels); sampling
// through the cache draws the words the re-running sampler draws.
#include <gtest/gtest.h>

#include <cmath>

#include "autograd/ops.h"
#include "models/makemore.h"
#include "models/makemore_cache.h"
#include "models/makemore_gated.h"
#include "tests/op_testing.h"

using namespace ripple;

namespace {

using ripple::testing::error_of;

// The largest |a - b| over the elements, relative to the largest |b|.
double relative_error(const Tensor& a, const Tensor& b) {
  const std::vector<double> va = a.to_vector<double>(), vb = b.to_vector<double>();
  double diff = 0, scale = 1e-12;
  for (size_t i = 0; i < va.size(); ++i) {
    diff = std::max(diff, std::abs(va[i] - vb[i]));
    scale = std::max(scale, std::abs(vb[i]));
  }
  return diff / scale;
}

// Pushes '.' then the characters of x (B, T) column by column (x[:, 0] is '.'), comparing each
// step's (B, V) with the forward pass's logits at that position.
void expect_cache_equals_forward(Module& model, const makemore::ModelConfig& cfg, const Tensor& x,
                                 const Tensor& labels) {
  EvalGuard eval(model);
  NoGradGuard no_grad;
  const Tensor full = makemore::logits_of(model, x, labels);  // (B, T, V)
  auto cache = makemore::make_step_cache(model, cfg, x.size(0), labels);
  for (int64_t t = 0; t < x.size(1); ++t) {
    const Tensor step = cache->push(contiguous(select(x, 1, t)));
    EXPECT_LT(relative_error(step, select(full, 1, t)), 1e-5) << makemore::kind_name(cfg.kind) << " t " << t;
  }
  EXPECT_EQ(cache->steps(), x.size(1));
}

TEST(MakemoreCache, ConvCacheEqualsTheForwardPass) {
  Generator gen(1);
  makemore::ModelConfig cfg{.kind = makemore::ModelKind::Conv, .vocab_size = 27, .embd = 8, .hidden = 16,
                            .dilations = {1, 2, 4, 8}, .layers = 6};
  auto model = makemore::make_model(cfg, gen);
  for (auto& [name, t] : model->named_buffers())  // running statistics that are not the identity
    kernel::copy_into(t, name.find("running_var") != std::string::npos ? gen.uniform(t.shape(), 0.5, 2)
                                                                       : gen.normal(t.shape(), 0, 0.3));
  Tensor x = gen.randint(1, 27, {5, 25});  // longer than the receptive field (20)
  NoGradGuard no_grad;
  kernel::copy_into(select(x, 1, 0), zeros({5}, DType::Int64));  // each word starts with '.'
  expect_cache_equals_forward(*model, cfg, x, Tensor());
  // the lecture's conv model too
  const makemore::ModelConfig lecture = makemore::kind_info(makemore::ModelKind::Conv).defaults;
  auto lecture_model = makemore::make_model(lecture, gen);
  expect_cache_equals_forward(*lecture_model, lecture, x, Tensor());
  // and a conditional one, whose label vectors join every level
  makemore::ModelConfig conditional = cfg;
  conditional.labels = 3;
  auto labelled = makemore::make_model(conditional, gen);
  EXPECT_EQ(labelled->num_parameters(), makemore::parameter_count(conditional));
  expect_cache_equals_forward(*labelled, conditional, x, from_vector(std::vector<int64_t>{2, 0, 1, 1, 2}, {5}));
  const Tensor zero = from_vector(std::vector<int64_t>{0, 0, 0, 0, 0}, {5});
  EXPECT_GT(relative_error(makemore::logits_of(*labelled, x, zero),
                           makemore::logits_of(*labelled, x, from_vector(std::vector<int64_t>{1, 1, 1, 1, 1}, {5}))),
            1e-3);  // the label changes the predictions
  EXPECT_NE(error_of([&] { (*labelled)(x); }).find("conditioned on 3 labels"), std::string::npos);
}

TEST(MakemoreCache, GatedCacheEqualsTheForwardPassWithAndWithoutLabels) {
  Generator gen(2);
  for (int64_t labels : {0, 4}) {
    makemore::ModelConfig cfg = makemore::kind_info(makemore::ModelKind::Gated).defaults;
    cfg.labels = labels;
    cfg.embd = 16;
    cfg.hidden = 24;
    auto model = makemore::make_model(cfg, gen);
    Tensor x = gen.randint(1, 27, {6, 40});  // longer than the receptive field (31)
    NoGradGuard no_grad;
    kernel::copy_into(select(x, 1, 0), zeros({6}, DType::Int64));
    const Tensor l = labels ? from_vector(std::vector<int64_t>{0, 1, 2, 3, 3, 1}, {6}) : Tensor();
    expect_cache_equals_forward(*model, cfg, x, l);
  }
}

TEST(MakemoreCache, CachedSamplingDrawsTheSameWords) {
  const auto vocab = makemore::build_vocab({"abcdefghijklmnopqrstuvwxyz"});
  for (auto kind : {makemore::ModelKind::Conv, makemore::ModelKind::Gated}) {
    const makemore::ModelConfig cfg = makemore::kind_info(kind).defaults;
    Generator init(3);
    auto model = makemore::make_model(cfg, init);
    Generator g1(9), g2(9);
    const auto cached = makemore::sample_words(*model, cfg, vocab, 40, {.prefix = "k", .batch = 16}, g1);
    const auto rerun = makemore::sample_words(*model, cfg, vocab, 40, {.prefix = "k", .batch = 16, .cached = false}, g2);
    ASSERT_EQ(cached.size(), rerun.size());
    for (size_t i = 0; i < cached.size(); ++i) {
      EXPECT_EQ(cached[i].word, rerun[i].word) << makemore::kind_name(kind);
      EXPECT_NEAR(cached[i].log_likelihood, rerun[i].log_likelihood, 1e-4);
    }
    EXPECT_EQ(g1.state(), g2.state());
  }
}

TEST(MakemoreCache, RefusesWhatItCannotRun) {
  Generator gen(4);
  const makemore::ModelConfig tree;
  auto hierarchical = makemore::make_model(tree, gen);
  EXPECT_NE(error_of([&] { makemore::make_step_cache(*hierarchical, tree, 2); }).find("not wavenet"),
            std::string::npos);
  const makemore::ModelConfig gated = makemore::kind_info(makemore::ModelKind::Gated).defaults;
  auto model = makemore::make_model(gated, gen);
  auto cache = makemore::make_step_cache(*model, gated, 3);
  EXPECT_NE(error_of([&] { cache->push(zeros({2}, DType::Int64)); }).find("expected chars (3,) int64"),
            std::string::npos);
  EXPECT_NE(error_of([&] { makemore::make_step_cache(*model, gated, 3, zeros({3}, DType::Int64)); })
                .find("a gated model with 0 labels needs no labels"),
            std::string::npos);
}

}  // namespace
