// Tests for apps/makemore/training: the optimizer each flag builds, the learning rate of each
// step (the lecture's step decay bit for bit, cosine), early stopping, and that a run stopped
// after 2 steps and resumed from its checkpoint for 2 more ends where 4 uninterrupted steps end,
// for every optimizer (Adam's moments travel in the checkpoint).
#include "apps/makemore/training.h"

#include <gtest/gtest.h>

#include "apps/makemore/train_state.h"
#include "autograd/ops.h"
#include "layers/checkpoint.h"
#include "tests/op_testing.h"
#include "tests/temp_dir.h"

using namespace ripple;

namespace {

using ripple::testing::error_of;
using ripple::testing::TempDir;

apps::MakemoreOptions options(apps::OptimizerKind opt, makemore::ModelKind kind) {
  apps::MakemoreOptions o{};
  o.model = {.kind = kind, .vocab_size = 5, .block_size = 4, .embd = 3, .hidden = 6};
  o.steps = 4;
  o.batch = 8;
  o.lr = opt == apps::OptimizerKind::Sgd ? 0.1 : 0.01;
  o.optimizer = opt;
  o.weight_decay = opt == apps::OptimizerKind::AdamW ? 0.01 : 0;
  o.seed = 3;
  return o;
}

// One training step as the app takes it: a batch drawn from gen, the loss, the update.
void train_step(Module& model, Optimizer& opt, const apps::MakemoreOptions& o, Generator& gen, int64_t step) {
  const bool conv = o.model.kind == makemore::ModelKind::Conv;
  Tensor x = gen.randint(0, o.model.vocab_size, {o.batch, conv ? 6 : o.model.block_size});
  Tensor y = gen.randint(0, o.model.vocab_size, conv ? Shape{o.batch, 6} : Shape{o.batch});
  Tensor loss = cross_entropy(model(x), y);
  opt.zero_grad();
  loss.backward();
  opt.lr = apps::learning_rate(o, step);
  opt.step();
}

TEST(MakemoreTraining, StepScheduleIsTheLecturesBitForBit) {
  apps::MakemoreOptions o{};
  o.steps = 200000;
  o.lr = 0.1;
  EXPECT_EQ(apps::learning_rate(o, 0), 0.1);
  EXPECT_EQ(apps::learning_rate(o, 149999), 0.1);
  EXPECT_EQ(apps::learning_rate(o, 150000), 0.1 / 10);  // not 0.1 * 0.1, which rounds otherwise
  o.schedule = apps::ScheduleKind::Cosine;
  EXPECT_DOUBLE_EQ(apps::learning_rate(o, 0), 0.1);
  EXPECT_DOUBLE_EQ(apps::learning_rate(o, 100000), 0.055);  // half way: the mean of lr and lr / 10
  EXPECT_DOUBLE_EQ(apps::learning_rate(o, 200000), 0.01);
  o.schedule = apps::ScheduleKind::Constant;
  EXPECT_EQ(apps::learning_rate(o, 199999), 0.1);
}

TEST(MakemoreTraining, OptimizersAsTheFlagsSay) {
  Generator gen(0);
  auto model = makemore::make_model(options(apps::OptimizerKind::Sgd, makemore::ModelKind::Mlp).model, gen);
  for (auto [kind, name] : {std::pair{apps::OptimizerKind::Sgd, "SGD"}, {apps::OptimizerKind::Adam, "Adam"},
                            {apps::OptimizerKind::AdamW, "AdamW"}}) {
    auto opt = apps::make_optimizer(options(kind, makemore::ModelKind::Mlp), model->parameters());
    EXPECT_STREQ(opt->name(), name);
    EXPECT_EQ(opt->params().size(), model->parameters().size());
  }
}

TEST(MakemoreTraining, PatienceCountsEvaluationsSinceTheBest) {
  const std::vector<std::pair<int64_t, double>> val{{10, 2.5}, {20, 2.3}, {30, 2.4}, {40, 2.3}};
  EXPECT_EQ(apps::best_evaluation(val), 1);  // the first of equals: 2.3 at step 40 is no better
  EXPECT_FALSE(apps::patience_exhausted(val, 0));
  EXPECT_TRUE(apps::patience_exhausted(val, 1));
  EXPECT_TRUE(apps::patience_exhausted(val, 2));
  EXPECT_FALSE(apps::patience_exhausted(val, 3));
  EXPECT_FALSE(apps::patience_exhausted({}, 1));
  EXPECT_EQ(apps::best_evaluation({}), -1);
}

// 2 steps, a checkpoint, a fresh model, optimizer and generator loaded from it, 2 more steps:
// the same weights as 4 steps in one go, to the bit, for every optimizer and both model families.
TEST(MakemoreTraining, TwoPlusTwoStepsEqualFourForEveryOptimizer) {
  for (auto kind : {makemore::ModelKind::Mlp, makemore::ModelKind::Conv})
    for (auto optimizer : {apps::OptimizerKind::Sgd, apps::OptimizerKind::Adam, apps::OptimizerKind::AdamW}) {
      const apps::MakemoreOptions o = options(optimizer, kind);
      const makemore::Vocab vocab{{".", "a", "b", "c", "d"}};
      Generator gen_a(o.seed);
      auto a = makemore::make_model(o.model, gen_a);
      auto opt_a = apps::make_optimizer(o, a->parameters());
      for (int64_t step = 0; step < 4; ++step) train_step(*a, *opt_a, o, gen_a, step);

      TempDir dir;
      const std::string path = (dir.path / "model.safetensors").string();
      Generator gen_b(o.seed);
      auto b = makemore::make_model(o.model, gen_b);
      auto opt_b = apps::make_optimizer(o, b->parameters());
      for (int64_t step = 0; step < 2; ++step) train_step(*b, *opt_b, o, gen_b, step);
      apps::save_train_state(path, *b, o, vocab, gen_b, {.step = 2, .losses = {1, 1}, .val = {}}, opt_b.get());

      Generator gen_c(99);
      auto c = makemore::make_model(o.model, gen_c);
      auto opt_c = apps::make_optimizer(o, c->parameters());
      EXPECT_EQ(apps::load_train_state(path, *c, o, vocab, gen_c, opt_c.get()).step, 2);
      for (int64_t step = 2; step < 4; ++step) train_step(*c, *opt_c, o, gen_c, step);

      const NamedTensors sa = a->state(), sc = c->state();
      ASSERT_EQ(sa.size(), sc.size());
      for (size_t i = 0; i < sa.size(); ++i)
        EXPECT_EQ(sa[i].second.to_vector<double>(), sc[i].second.to_vector<double>())
            << makemore::kind_name(kind) << " " << opt_a->name() << " " << sa[i].first;
      // without the moments the resumed Adam would differ: the checkpoint must hold them
      if (optimizer != apps::OptimizerKind::Sgd) {
        NamedTensors weights_only;
        for (const auto& [name, t] : load_safetensors(path).tensors)
          if (!name.starts_with(makemore::kOptimizerStatePrefix)) weights_only.emplace_back(name, t);
        Checkpoint saved = load_safetensors(path);
        save_safetensors(path, weights_only, saved.metadata);
        EXPECT_NE(error_of([&] { apps::load_train_state(path, *c, o, vocab, gen_c, opt_c.get()); })
                      .find("holds no optimizer state"),
                  std::string::npos);
      }
    }
}

// load_trained reads a training checkpoint (with the optimizer's tensors) and the conv model's
// own dilations from it.
TEST(MakemoreTraining, TrainedModelLoadsFromACheckpointWithOptimizerState) {
  apps::MakemoreOptions o = options(apps::OptimizerKind::Adam, makemore::ModelKind::Conv);
  o.model.dilations = {1, 2, 4, 8};
  o.model.layers = 6;
  Generator gen(1);
  auto model = makemore::make_model(o.model, gen);
  auto opt = apps::make_optimizer(o, model->parameters());
  train_step(*model, *opt, o, gen, 0);
  TempDir dir;
  const std::string path = (dir.path / "model.safetensors").string();
  apps::save_train_state(path, *model, o, {{".", "a", "b", "c", "d"}}, gen, {.step = 1, .losses = {1}, .val = {}}, opt.get());
  const makemore::TrainedModel t = makemore::load_trained(path);
  EXPECT_EQ(makemore::conv_dilations(t.config), (std::vector<int64_t>{1, 2, 4, 8, 1, 2}));
  EXPECT_EQ(t.model->num_parameters(), model->num_parameters());
  EXPECT_EQ(t.model->state()[1].second.to_vector<double>(), model->state()[1].second.to_vector<double>());
}

}  // namespace
