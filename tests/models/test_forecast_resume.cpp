// Tests of resuming forecast::fit from a FitState: a run stopped (at an epoch boundary or in the
// middle of an epoch) and resumed ends with the weights and losses of a run never stopped, bit for
// bit, with the per-epoch decay, the cosine, early stopping, and more epochs than the first run.
// Exact equality is the point here: resuming replays the same arithmetic, so any difference is a
// piece of state that was not restored.
#include <gtest/gtest.h>

#include "autograd/ops.h"
#include "models/forecast_data.h"
#include "models/forecast_models.h"
#include "models/forecast_train.h"

using namespace ripple;
namespace fc = ripple::forecast;

namespace {

struct Outcome {
  fc::TrainResult result;
  std::vector<std::vector<double>> weights;  // the model's state() at the end, as numbers
};

std::vector<std::vector<double>> numbers(const NamedTensors& state) {
  std::vector<std::vector<double>> out;
  for (const auto& [name, t] : state) out.push_back(t.to_vector<double>());
  return out;
}

struct Data {
  fc::Dataset train, val;
};

Data data() {
  Generator gen(42);
  const fc::Dataset all = fc::from_series(fc::generate_time_series(120, 14, gen), 12, 2);
  return {all.rows(0, 90), all.rows(90, 120)};
}

// A tutorial conv net (several parameter tensors, so Adam's state has several slots), whose
// initial weights come from `seed`: a resumed run must not depend on them.
std::shared_ptr<fc::Forecaster> model(uint64_t seed) {
  Generator gen(seed);
  return fc::make_model({.kind = "tutorial", .window = 12, .outputs = 2, .filters = 4}, gen);
}

// Trains from scratch (model seed 1, batches seed 7). With stop_in_epoch > 0, should_stop fires
// at the second batch of that epoch; the state of the last boundary is kept in *saved.
Outcome train(const fc::TrainConfig& config, int64_t stop_in_epoch = 0, fc::FitState* saved = nullptr) {
  const Data d = data();
  auto m = model(1);
  Generator gen(7);
  fc::TrainCallbacks cb;
  int64_t steps = 0;
  const int64_t batches = (d.train.size() + config.batch - 1) / config.batch;
  cb.on_step = [&](int64_t, double) { ++steps; };
  cb.should_stop = [&] { return stop_in_epoch > 0 && steps == (stop_in_epoch - 1) * batches + 2; };
  cb.on_checkpoint = [&](const fc::FitState& s) {
    if (saved) *saved = s.clone();
  };
  Outcome r{fc::fit(*m, d.train, d.val, config, gen, cb), {}};
  r.weights = numbers(m->state());
  return r;
}

// Resumes from `state` with a model and a generator seeded differently from the first run's.
Outcome resume(const fc::TrainConfig& config, const fc::FitState& state) {
  const Data d = data();
  auto m = model(99);
  Generator gen(12345);
  Outcome r{fc::fit(*m, d.train, d.val, config, gen, {}, &state), {}};
  r.weights = numbers(m->state());
  return r;
}

void expect_same(const Outcome& a, const Outcome& b) {
  EXPECT_EQ(a.weights, b.weights);
  EXPECT_EQ(a.result.train_loss, b.result.train_loss);
  EXPECT_EQ(a.result.val_mse, b.result.val_mse);
  EXPECT_EQ(a.result.best_epoch, b.result.best_epoch);
  EXPECT_EQ(a.result.best_val_mse, b.result.best_val_mse);
  EXPECT_EQ(a.result.stopped_early, b.result.stopped_early);
  EXPECT_EQ(a.result.restored_best, b.result.restored_best);
  EXPECT_EQ(a.result.seconds.size(), a.result.train_loss.size());
  EXPECT_EQ(b.result.seconds.size(), b.result.train_loss.size());
}

}  // namespace

TEST(ForecastResume, StoppedInAnEpochResumesFromItsStart) {
  for (const fc::TrainConfig config : {fc::TrainConfig{.epochs = 5, .batch = 16, .lr = 3e-3, .epoch_decay = 0.5},
                                       fc::TrainConfig{.epochs = 5, .batch = 16, .lr = 3e-3, .final_lr_fraction = 0.1}}) {
    const Outcome straight = train(config);
    fc::FitState saved;
    const Outcome stopped = train(config, 3, &saved);  // in epoch 3: the state after epoch 2
    EXPECT_TRUE(stopped.result.interrupted);
    ASSERT_EQ(saved.epoch, 2);
    EXPECT_EQ(saved.result.train_loss.size(), 2u);
    EXPECT_EQ(saved.epoch_lr, config.lr * config.epoch_decay * config.epoch_decay);
    EXPECT_NE(stopped.weights, straight.weights);
    const Outcome resumed = resume(config, saved);
    EXPECT_FALSE(resumed.result.interrupted);
    ASSERT_EQ(resumed.result.train_loss.size(), 5u);
    expect_same(straight, resumed);
  }
}

TEST(ForecastResume, EarlyStoppingKeepsTheBestWeightsAcrossTheResume) {
  // an lr far too high: validation gets worse after the first epochs and patience runs out
  const fc::TrainConfig config{.epochs = 30, .batch = 16, .lr = 0.3, .patience = 2};
  const Outcome straight = train(config);
  ASSERT_TRUE(straight.result.restored_best);
  ASSERT_TRUE(straight.result.stopped_early);
  const int64_t epochs_run = static_cast<int64_t>(straight.result.train_loss.size());
  ASSERT_GE(epochs_run, 3);
  fc::FitState saved;
  train(config, epochs_run, &saved);  // stopped in the last epoch trained
  ASSERT_EQ(saved.epoch, epochs_run - 1);
  EXPECT_FALSE(saved.best.empty());
  expect_same(straight, resume(config, saved));

  // resuming the finished run trains nothing and restores the best epoch again
  train(config, 0, &saved);
  ASSERT_EQ(saved.epoch, epochs_run);
  expect_same(straight, resume(config, saved));
}

TEST(ForecastResume, MoreEpochsContinueTheRun) {
  fc::TrainConfig config{.epochs = 2, .batch = 16, .lr = 3e-3, .epoch_decay = 0.7, .patience = 5};
  fc::FitState saved;
  train(config, 0, &saved);
  ASSERT_EQ(saved.epoch, 2);
  config.epochs = 4;
  expect_same(train(config), resume(config, saved));
}

TEST(ForecastResume, StateBeforeTheFirstEpochAndBadStates) {
  const fc::TrainConfig config{.epochs = 2, .batch = 16, .lr = 3e-3};
  fc::FitState saved;
  train(config, 1, &saved);  // stopped in epoch 1: the state before it
  EXPECT_EQ(saved.epoch, 0);
  expect_same(train(config), resume(config, saved));

  train(config, 0, &saved);
  fc::TrainConfig fewer = config;
  fewer.epochs = 1;
  EXPECT_THROW(resume(fewer, saved), Error);
  saved.weights.pop_back();
  try {
    resume(config, saved);
    FAIL() << "a state without all the weights was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("fit: the state to resume from does not fit: load_state: missing"),
              std::string::npos) << e.what();
  }
}
