// fit, predict, forecast_horizon (direct and autoregressive) and the linear baseline.
#include "models/forecast_train.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <numbers>

#include "autograd/ops.h"
#include "core/kernels.h"
#include "models/forecast_quantile.h"
#include "models/wavenet.h"
#include "optim/adam.h"
#include "optim/data_parallel.h"

namespace ripple::forecast {

namespace {

std::string str(int64_t v) { return std::to_string(v); }

void check_fits(const Forecaster& model, const Dataset& d, const char* what) {
  if (d.size() > 0 && d.horizon() < model.outputs())
    throw Error(std::string("fit: the ") + what + " targets cover " + str(d.horizon()) +
                " steps, the model forecasts " + str(model.outputs()));
}

double median(std::vector<double> s) {
  if (s.empty()) return 0;
  std::sort(s.begin(), s.end());
  return s.size() % 2 ? s[s.size() / 2] : (s[s.size() / 2 - 1] + s[s.size() / 2]) / 2;
}

// MSE, or the pinball loss of a quantile forecaster's levels.
Tensor training_loss(const Forecaster& model, const Tensor& pred, const Tensor& target) {
  if (const auto* q = dynamic_cast<const QuantileForecaster*>(&model)) return quantile_loss(pred, target, q->levels());
  return mse_loss(pred, target);
}

double cpu_now() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

NamedTensors clone_all(const NamedTensors& tensors) {
  NamedTensors out;
  for (const auto& [name, t] : tensors) out.emplace_back(name, kernel::clone(t));
  return out;
}

// The MSE of the forecasts of x against `targets`; with a group, each rank forecasts a slice of
// the windows and the ranks' sums of squared errors are added.
double validation_mse(Forecaster& model, const Tensor& x, const Tensor& targets, Collective* group) {
  if (!group) return errors(predict(model, x), targets).mse;
  const auto [begin, end] = shard(x.size(0), group->rank(), group->size());
  double sums[2] = {0, static_cast<double>((end - begin) * targets.size(1))};
  if (end > begin)
    sums[0] = errors(predict(model, narrow(x, 0, begin, end - begin)), narrow(targets, 0, begin, end - begin)).mse * sums[1];
  group->allreduce_sum(sums, 2);
  return sums[0] / sums[1];
}

}  // namespace

FitState FitState::clone() const {
  FitState c = *this;
  c.weights = clone_all(weights);
  c.optimizer = clone_all(optimizer);
  c.best = clone_all(best);
  return c;
}

double TrainResult::median_seconds() const { return median(seconds); }
double TrainResult::median_cpu_seconds() const { return median(cpu_seconds); }

TrainResult fit(Forecaster& model, const Dataset& train, const Dataset& val, const TrainConfig& o,
                Generator& gen, const TrainCallbacks& callbacks, const FitState* resume) {
  if (train.size() == 0) throw Error("fit: the training set is empty");
  if (o.batch < 1 || o.epochs < 0 || o.patience < 0 || !(o.epoch_decay > 0))
    throw Error("fit: batch must be >= 1, epochs and patience >= 0, epoch_decay > 0");
  if (o.patience > 0 && val.size() == 0)
    throw Error("fit: early stopping (patience " + str(o.patience) + ") needs validation windows");
  check_fits(model, train, "training");
  check_fits(model, val, "validation");
  const int64_t E = model.outputs(), N = train.size();
  const bool seq = model.sequence_output();
  // targets: (N, W, E) for sequence models, (N, E) otherwise; made once, batches are gathered
  const Tensor targets = seq ? sequence_targets(train, E) : kernel::contiguous(narrow(train.y, 1, 0, E));
  const Tensor inputs = kernel::contiguous(train.x);
  const Tensor val_targets = val.size() ? narrow(val.y, 1, 0, E) : Tensor();

  Adam opt(model.parameters(), o.lr, {.eps = o.eps});
  const int64_t batches = (N + o.batch - 1) / o.batch, total = batches * o.epochs;
  TrainResult r;
  NamedTensors best;  // the best epoch's weights, with patience
  double epoch_lr = o.lr;
  if (resume) {
    if (resume->epoch < 0 || resume->epoch > o.epochs)
      throw Error("fit: the state to resume from is after epoch " + str(resume->epoch) + ", not within the " +
                  str(o.epochs) + " epochs of the run");
    try {
      model.load_state(resume->weights);
      opt.load_state(resume->optimizer);
    } catch (const Error& e) {
      throw Error(std::string("fit: the state to resume from does not fit: ") + e.what());
    }
    gen.set_state(resume->generator);
    r = resume->result;
    r.interrupted = r.stopped_early = r.restored_best = false;
    best = clone_all(resume->best);
    epoch_lr = resume->epoch_lr;
  }
  const int64_t first = resume ? resume->epoch + 1 : 1;
  // The state at the boundary after `epoch` epochs, the model's and Adam's own tensors.
  auto checkpoint = [&](int64_t epoch, double next_lr) {
    if (callbacks.on_checkpoint)
      callbacks.on_checkpoint({.epoch = epoch, .epoch_lr = next_lr, .generator = gen.state(),
                               .weights = model.state(), .optimizer = opt.state(), .best = best, .result = r});
  };
  // early stopping: the best epoch lies `patience` epochs back
  auto patience_ran_out = [&](int64_t epoch) { return o.patience > 0 && epoch - r.best_epoch >= o.patience; };
  if (!resume) checkpoint(0, epoch_lr);
  if (resume && resume->epoch > 0 && patience_ran_out(resume->epoch)) r.stopped_early = resume->epoch < o.epochs;
  Collective* group = several(o.group) ? o.group : nullptr;
  struct Unsync {  // BatchNorm back to this process's rows when fit returns or throws
    Forecaster& model;
    bool on;
    ~Unsync() { if (on) sync_batch_norm(model, nullptr); }
  } unsync{model, group != nullptr};
  if (group) {  // rank 0's weights everywhere; BatchNorm over every rank's rows while fit runs
    broadcast_state(model, *group);
    // a synchronised BatchNorm runs collectives in every rank's forward, so no rank may sit a
    // batch out: every batch, the last one too, needs a row per rank
    const int64_t last = N - (batches - 1) * o.batch;
    if (sync_batch_norm(model, group) > 0 && std::min(o.batch, last) < group->size())
      throw Error("fit: a model with BatchNorm trained by " + str(group->size()) + " processes needs at least " +
                  str(group->size()) + " windows in every batch; batch " + str(o.batch) + " of " + str(N) +
                  " windows leaves " + str(std::min(o.batch, last)));
  }
  model.train();
  int64_t step = (first - 1) * batches;
  for (int64_t epoch = first; epoch <= o.epochs && !r.stopped_early; ++epoch, epoch_lr *= o.epoch_decay) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_now();
    const Tensor perm = gen.permutation(N);
    double loss_sum = 0;
    int64_t done = 0;
    for (int64_t b = 0; b < batches; ++b, ++step) {
      const int64_t rows = std::min(o.batch, N - b * o.batch);
      Tensor idx = narrow(perm, 0, b * o.batch, rows);
      double l = 0;
      bool stop = false;
      opt.zero_grad();
      if (!group) {
        const Tensor xb = kernel::index_select(inputs, 0, idx);   // (B, W, F)
        const Tensor yb = kernel::index_select(targets, 0, idx);  // (B, W, E) or (B, E)
        Tensor loss = training_loss(model, model(xb), yb);
        loss.backward();
        l = loss.item();
      } else {
        // this rank's rows of the batch, its loss scaled to their share of the batch's mean; a
        // rank whose slice is empty (a last batch with fewer rows than ranks) adds zeros
        const auto [begin, end] = shard(rows, group->rank(), group->size());
        if (end > begin) {
          idx = narrow(idx, 0, begin, end - begin);
          Tensor loss = training_loss(model, model(kernel::index_select(inputs, 0, idx)),
                                      kernel::index_select(targets, 0, idx)) *
                        (static_cast<double>(end - begin) / static_cast<double>(rows));
          loss.backward();
          l = loss.item();
        }
        sum_gradients(model.parameters(), *group);
        double both[2] = {l, callbacks.should_stop && callbacks.should_stop() ? 1.0 : 0.0};
        group->allreduce_sum(both, 2);  // the batch's loss; stop only when every rank does
        l = both[0], stop = both[1] > 0;
      }
      opt.lr = epoch_lr;
      if (o.final_lr_fraction != 1) {
        const double progress = static_cast<double>(step) / static_cast<double>(std::max<int64_t>(1, total - 1));
        opt.lr *= o.final_lr_fraction +
                  (1 - o.final_lr_fraction) * 0.5 * (1 + std::cos(std::numbers::pi * progress));
      }
      opt.step();
      if (!std::isfinite(l))
        throw Error("training diverged at epoch " + str(epoch) + ", batch " + str(b + 1) + " (loss " +
                    std::to_string(l) + "); try a smaller --lr");
      loss_sum += l;
      ++done;
      if (callbacks.on_step) callbacks.on_step(step, l);
      if (group ? stop : callbacks.should_stop && callbacks.should_stop()) {
        r.interrupted = true;
        break;
      }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu_seconds = cpu_now() - c0;
    if (r.interrupted) break;
    r.cpu_seconds.push_back(cpu_seconds);
    r.train_loss.push_back(loss_sum / static_cast<double>(std::max<int64_t>(1, done)));
    r.seconds.push_back(seconds);
    double val_mse = std::nan("");
    if (val.size()) {
      val_mse = validation_mse(model, val.x, val_targets, group);
      r.val_mse.push_back(val_mse);
      if (!std::isfinite(val_mse))
        throw Error("training diverged at epoch " + str(epoch) + " (validation MSE " +
                    std::to_string(val_mse) + "); try a smaller --lr");
    }
    if (val.size() && (r.best_epoch == 0 || val_mse < r.best_val_mse)) {
      r.best_epoch = epoch;
      r.best_val_mse = val_mse;
      if (o.patience > 0) best = clone_all(model.state());
    }
    if (callbacks.on_epoch) callbacks.on_epoch(epoch, r.train_loss.back(), val_mse, seconds);
    checkpoint(epoch, epoch_lr * o.epoch_decay);
    if (patience_ran_out(epoch)) {
      r.stopped_early = epoch < o.epochs;
      break;
    }
  }
  if (!best.empty()) {
    model.load_state(best);
    r.restored_best = true;
  }
  return r;
}

Tensor predict(Forecaster& model, const Tensor& x, int64_t chunk) {
  if (auto* q = dynamic_cast<QuantileForecaster*>(&model))
    return kernel::contiguous(select(predict_quantiles(*q, x, chunk), 1, q->median_index()));
  EvalGuard eval(model);
  NoGradGuard no_grad;
  const int64_t N = x.size(0);
  if (N <= chunk) return kernel::contiguous(model.forecast_last(x));
  std::vector<Tensor> parts;
  for (int64_t i = 0; i < N; i += chunk) parts.push_back(model.forecast_last(narrow(x, 0, i, std::min(chunk, N - i))));
  return concat(parts, 0);
}

Tensor forecast_horizon(Forecaster& model, const Tensor& x, int64_t horizon) {
  if (x.dim() != 3) throw Error("forecast: expected x (N, W, F), got " + to_string(x.shape()));
  if (horizon < 1) throw Error("forecast: horizon must be >= 1, got " + str(horizon));
  const int64_t E = model.outputs(), N = x.size(0), W = x.size(1);
  if (E >= horizon) return kernel::contiguous(narrow(predict(model, x), 1, 0, horizon));
  if (x.size(2) != 1)
    throw Error("forecast: a " + str(horizon) + "-step forecast from a model that emits " + str(E) +
                " steps feeds forecasts back as inputs, which needs the target as the only feature "
                "(got " + str(x.size(2)) + " features); use --horizon " + str(E) + " or drop --features");
  EvalGuard eval(model);
  NoGradGuard no_grad;
  if (auto* wavenet = dynamic_cast<WaveNet*>(&model); wavenet && wavenet->options().linear_window == 0) {
    std::vector<Tensor> parts;
    for (int64_t i = 0; i < N; i += 1024) parts.push_back(wavenet->generate(narrow(x, 0, i, std::min<int64_t>(1024, N - i)), horizon));
    return concat(parts, 0);
  }
  std::vector<Tensor> produced;  // (N, <= E) each
  Tensor window = x;
  int64_t have = 0;
  while (have < horizon) {
    Tensor next = predict(model, window);  // (N, E)
    const int64_t take = std::min(E, horizon - have);
    produced.push_back(narrow(next, 1, 0, take));
    have += take;
    window = narrow(concat({window, reshape(narrow(next, 1, 0, take), {N, take, 1})}, 1), 1, take, W);
  }
  return kernel::contiguous(concat(produced, 1));
}

std::shared_ptr<Forecaster> train_linear_baseline(const Dataset& train, int64_t epochs, Generator& gen) {
  auto model = std::make_shared<LinearForecaster>(train.window(), train.features(), train.horizon(), gen);
  fit(*model, train, Dataset{}, {.epochs = epochs}, gen);
  return model;
}

}  // namespace ripple::forecast
