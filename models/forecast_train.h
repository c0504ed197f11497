/// @file
/// Training and forecasting with the forecast models: the Keras recipe (Adam, MSE, shuffled
/// mini-batches), batched prediction, direct and autoregressive multi-step forecasts, and the
/// trained linear baseline.
///
/// @code{.cpp}
///   forecast::TrainResult r = forecast::fit(*model, train, val, {.epochs = 5}, gen);
///   Tensor yhat = forecast::forecast_horizon(*model, test.x, 10);    // (N, 10)
/// @endcode
///
/// Models with sequence output (seq2seq, wavenet) are trained on every time step against y_seq
/// (the book's sequence-to-sequence training); the others against y. Either way only the first E
/// target steps are used, E = model.outputs(). Validation MSE is the forecast after the last
/// input step against y[:, :E], which is the figure the book reports ("last time step MSE").
///
/// A run can be stopped and resumed: on_checkpoint hands out a FitState at every epoch boundary,
/// and fit(..., &state) continues from it with bit-identical weights and losses:
///
/// @code{.cpp}
///   forecast::FitState saved;
///   callbacks.on_checkpoint = [&](const forecast::FitState& s) { saved = s.clone(); };
///   forecast::fit(*model, train, val, config, gen, callbacks);             // stopped in epoch 3
///   forecast::fit(*model, train, val, config, gen, {}, &saved);           // epochs 3, 4, ...
/// @endcode
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "../core/collective.h"
#include "../core/generator.h"
#include "forecast_data.h"
#include "forecast_models.h"

namespace ripple::forecast {

/// How fit trains: the tutorial's Keras recipe by default.
struct TrainConfig {
  int64_t epochs = 5;  ///< passes over the training set
  int64_t batch = 32;  ///< examples per mini-batch
  double lr = 1e-3;    ///< Adam's learning rate
  double eps = 1e-7;   ///< Adam epsilon, Keras's default
  /// Multiplies the learning rate by a cosine from 1 down to `final_lr_fraction` over the run;
  /// 1 keeps it constant (the tutorial's recipe).
  double final_lr_fraction = 1;
  /// Multiplies the learning rate by this after every epoch (LTSF-Linear's recipe halves it:
  /// 0.5); 1 keeps it. Combines with the cosine.
  double epoch_decay = 1;
  /// Early stopping: stop once the validation MSE has not improved for this many epochs, then
  /// restore the weights of the best epoch. 0 trains every epoch and keeps the last weights.
  int64_t patience = 0;
  /// Data parallelism (optim/data_parallel.h): the processes that train this model together,
  /// each on its slice of every mini-batch, with the gradients summed before each step; every
  /// rank must call fit with the same data, config and generator state. Null or a group of one:
  /// this process alone. The losses and validation MSEs are the whole batch's on every rank. A
  /// model with BatchNorm (synchronised while fit runs) needs a window per rank in every batch.
  Collective* group = nullptr;
};

struct FitState;

/// What fit reports while it trains, and how it is stopped; each may be left empty.
struct TrainCallbacks {
  /// Called after every mini-batch with its index over the run (0-based) and its loss.
  std::function<void(int64_t step, double loss)> on_step = nullptr;
  /// Called after every epoch (1-based) with the mean training loss, validation MSE and the
  /// seconds the epoch's training took (validation not included).
  std::function<void(int64_t epoch, double train_loss, double val_mse, double seconds)> on_epoch = nullptr;
  /// Polled after every mini-batch; returning true stops training (Ctrl-C).
  std::function<bool()> should_stop = nullptr;
  /// Called at every epoch boundary with the state to resume from (struct FitState below): once
  /// before the first epoch of a run that is not a resume (epoch 0), then after every epoch,
  /// after on_epoch. Not called for an epoch that should_stop() cut short.
  std::function<void(const FitState& state)> on_checkpoint = nullptr;
};

/// What fit recorded, per epoch.
struct TrainResult {
  std::vector<double> train_loss;  ///< per epoch, the mean of its mini-batch losses
  std::vector<double> val_mse;     ///< per epoch (empty validation set: not recorded)
  std::vector<double> seconds;     ///< per epoch, training only (elapsed)
  std::vector<double> cpu_seconds; ///< per epoch, training only (this process's CPU time: the
                                   ///< steadier figure on a busy machine)
  bool interrupted = false;        ///< should_stop() returned true
  int64_t best_epoch = 0;          ///< 1-based epoch of the lowest validation MSE (0: none)
  double best_val_mse = 0;         ///< its validation MSE
  bool stopped_early = false;      ///< patience ran out before the last epoch
  bool restored_best = false;      ///< the model holds the best epoch's weights (patience > 0)
  double median_seconds() const;   ///< of `seconds`; 0 if none
  double median_cpu_seconds() const;  ///< of `cpu_seconds`; 0 if none
};

/// A run at an epoch boundary: all fit needs to continue it as if it had never stopped. A run
/// stopped in the middle of an epoch resumes from the start of that epoch (the partial epoch is
/// trained again, with the same batches, since the generator and Adam are restored to the
/// boundary), so the numbers are still those of an uninterrupted run.
struct FitState {
  int64_t epoch = 0;                    ///< epochs completed (0: before the first)
  double epoch_lr = 0;                  ///< the next epoch's learning rate (the cosine aside)
  std::array<uint64_t, 4> generator{};  ///< gen.state() at the boundary
  NamedTensors weights;                 ///< the model's state() at the boundary
  NamedTensors optimizer;               ///< Adam's state() ("step", "state.0.exp_avg", ...)
  NamedTensors best;                    ///< with patience: the best epoch's weights (else empty)
  TrainResult result;                   ///< what fit recorded so far (interrupted: false)
  /// The tensors of the state fit hands out are the model's and Adam's own, which the next
  /// epoch changes: a copy to keep across epochs (tensors cloned).
  FitState clone() const;
};

/// Trains `model` in place with Adam, on the MSE (the pinball loss for a QuantileForecaster,
/// models/forecast_quantile.h). `gen` shuffles the batches. Throws ripple::Error if the
/// loss becomes NaN or infinite ("training diverged at epoch 3, batch 17 (loss nan); try a
/// smaller --lr"), if the data do not fit the model, if `train` is empty, or if early stopping
/// is asked for without validation data. With patience, the weights of the best epoch are
/// restored at the end, also when training stops by should_stop().
///
/// With `resume`, a state on_checkpoint handed out by a run on the same data with the same
/// config, fit loads its weights into `model`, its state into Adam and `gen`, and trains epochs
/// resume->epoch + 1 .. config.epochs; the result lists every epoch, the resumed ones too. The
/// config's epochs may exceed the original run's (train longer) unless final_lr_fraction != 1:
/// the cosine is spread over all the epochs, so changing them changes every step's rate. Throws
/// ripple::Error if the state is past config.epochs or its tensors do not fit the model.
TrainResult fit(Forecaster& model, const Dataset& train, const Dataset& val, const TrainConfig& config,
                Generator& gen, const TrainCallbacks& callbacks = {}, const FitState* resume = nullptr);

/// The model's forecast after the last input step, in eval mode without gradients, computed in
/// chunks of `chunk` windows: x (N, T, F) -> (N, E). For a QuantileForecaster, the median.
Tensor predict(Forecaster& model, const Tensor& x, int64_t chunk = 1024);

/// H-step forecasts x (N, W, F) -> (N, H). When the model emits E >= H steps this is the first H
/// of them (direct). Otherwise the forecasts are fed back as inputs (autoregressive), which needs
/// F = 1: the wavenet continues the whole sequence with its cached generation, the other models
/// slide their window of W steps forward. Throws ripple::Error for F > 1 with H > E.
Tensor forecast_horizon(Forecaster& model, const Tensor& x, int64_t horizon);

/// The linear baseline, trained as the PyTorch anchor does: Dense(E) on the flattened window,
/// Adam 1e-3 (eps 1e-7), batch 32, `epochs` epochs, E = train.horizon().
std::shared_ptr<Forecaster> train_linear_baseline(const Dataset& train, int64_t epochs, Generator& gen);

}  // namespace ripple::forecast
