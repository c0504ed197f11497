/// @file
/// The forecasting models of the forecast app, as Modules over windows x (B, T, F) float32.
///
/// @code{.unparsed}
///   tutorial  The Keras tutorial's WaveNet-style forecaster: four causal Conv1d(64, kernel 2, ReLU)
///             with dilations 1, 2, 4, 8, a Conv1d(64, kernel 1, ReLU), GlobalAveragePooling1d and
///             Dense(E). Keras initialisation (glorot uniform, zero bias). Receptive field 16.
///   laststep  The same stack with the head on the last time step (LastStep instead of the mean),
///             the output that has seen the most recent 16 steps.
///   seq2seq   The book's WaveNet: causal Conv1d(20, kernel 2, ReLU) with dilations (1, 2, 4, 8)
///             twice and a Conv1d(E, kernel 1), forecasting E steps at every time step; trained on
///             all time steps, evaluated at the last one. Receptive field 31.
///   wavenet   Oord et al. 2016 (models/wavenet.h): gated residual blocks with skip connections;
///             trained on every step (sequence head) or forecasting all E steps from the last
///             step's features (direct head, for long windows and horizons).
///   linear    Dense(E) on the flattened window (the baseline).
///   nlinear   NLinear (Zeng et al. 2023): linear on the window minus its last value, which is
///             added back (Norm::Last around linear, models/forecast_norm.h).
///   dlinear   DLinear (Zeng et al. 2023): the window split into a trend (moving average, kernel
///             25, replicate padding) and the remainder, a Dense(E) on each, summed.
/// @endcode
/// E, the steps a model emits per forecast, is ModelConfig::outputs; longer horizons are produced
/// autoregressively (models/forecast_train.h). nlinear and dlinear start from PyTorch's
/// initialisation (their reference is PyTorch code), the others from Keras's.
///
/// @code{.cpp}
///   Generator gen(42);
///   auto model = forecast::make_model({.kind = "tutorial", .window = 50}, gen);
///   Tensor y = model->forecast_last(x);    // x (32, 50, 1) -> (32, 1)
/// @endcode
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "../core/generator.h"
#include "../layers/init.h"
#include "../layers/module.h"
#include "../layers/sequential.h"

namespace ripple::forecast {

/// Which model make_model builds, and its sizes.
struct ModelConfig {
  std::string kind = "tutorial";  ///< tutorial | laststep | seq2seq | wavenet | linear | nlinear | dlinear
  int64_t window = 50;            ///< W, input steps (the linear model's input size depends on it)
  int64_t features = 1;           ///< F, input columns (the target first)
  int64_t outputs = 1;            ///< E, steps forecast at once
  int64_t filters = 0;            ///< tutorial/laststep (default 64), seq2seq (default 20)
  int64_t channels = 32;          ///< wavenet: residual channels C (skip channels too)
  int64_t stacks = 2;             ///< wavenet: repetitions of the dilation cycle 1, 2, ..., 2^k
  int64_t layers_per_stack = 0;   ///< wavenet: k + 1; 0 chooses it for the window
  bool direct = false;            ///< wavenet: the direct head (all E steps from the last step)
  bool linear_path = false;       ///< wavenet, direct: add a Dense of the window (wavenet.h)
  int64_t trend_kernel = 25;      ///< dlinear: the moving average's length (odd)
};

/// The kinds make_model knows, for `--help` and error messages.
const std::vector<std::string>& model_kinds();

/// The base of the models.
class Forecaster : public Module {
 public:
  /// True when forward gives a forecast at every step, (B, T, E); false: (B, E).
  virtual bool sequence_output() const = 0;
  /// The number of steps each forecast covers (E).
  virtual int64_t outputs() const = 0;
  /// How many input steps the forecast after the last step can see.
  virtual int64_t receptive_field() const;
  /// The forecast after the last input step: x (B, T, F) -> (B, E).
  Tensor forecast_last(const Tensor& x);
};

/// Builds a model. Throws ripple::Error for an unknown kind (listing the kinds) or sizes below 1.
std::shared_ptr<Forecaster> make_model(const ModelConfig& config, Generator& gen);

/// tutorial and laststep: x (B, T, F) -> (B, E).
class ConvForecaster : public Forecaster {
 public:
  /// last_step false: GlobalAveragePooling1d (the tutorial); true: LastStep. Keras initialisation
  /// drawn from `gen`.
  ConvForecaster(int64_t features, int64_t filters, int64_t outputs, bool last_step, Generator& gen);
  Tensor forward(const Tensor& x) override;
  std::string describe() const override;
  bool sequence_output() const override { return false; }
  int64_t outputs() const override { return outputs_; }

 private:
  std::shared_ptr<Sequential> layers_;
  int64_t outputs_;
  bool last_step_;
};

/// seq2seq: x (B, T, F) -> (B, T, E).
class Seq2SeqWaveNet : public Forecaster {
 public:
  /// Keras initialisation drawn from `gen`.
  Seq2SeqWaveNet(int64_t features, int64_t filters, int64_t outputs, Generator& gen);
  Tensor forward(const Tensor& x) override;
  std::string describe() const override { return "Seq2SeqWaveNet"; }
  bool sequence_output() const override { return true; }
  int64_t outputs() const override { return outputs_; }

 private:
  std::shared_ptr<Sequential> layers_;
  int64_t outputs_;
};

/// linear: x (B, W, F) flattened to (B, W * F) -> Dense -> (B, E). Throws ripple::Error naming the
/// shapes if the window differs from the one it was built for.
class LinearForecaster : public Forecaster {
 public:
  /// Initialisation (Keras by default) drawn from `gen`.
  LinearForecaster(int64_t window, int64_t features, int64_t outputs, Generator& gen,
                   Init init = Init::Keras);
  Tensor forward(const Tensor& x) override;
  std::string describe() const override { return "LinearForecaster"; }
  bool sequence_output() const override { return false; }
  int64_t outputs() const override { return outputs_; }
  int64_t receptive_field() const override { return window_; }

 private:
  std::shared_ptr<Module> dense_;
  int64_t window_, features_, outputs_;
};

/// dlinear: x (B, W, F) -> trend = A x (A the moving average over time, per feature),
/// remainder = x - trend -> Dense(W * F -> E) on each, summed -> (B, E). The moving average of
/// length k (odd) repeats the first and last value (k - 1) / 2 times at the ends, so it is the
/// fixed linear map A (W, W) with rows summing to 1. Throws ripple::Error naming the shapes if the
/// window differs from the one it was built for, or for an even or non-positive kernel.
class DLinearForecaster : public Forecaster {
 public:
  /// PyTorch initialisation drawn from `gen`.
  DLinearForecaster(int64_t window, int64_t features, int64_t outputs, int64_t kernel, Generator& gen);
  Tensor forward(const Tensor& x) override;
  std::string describe() const override;
  bool sequence_output() const override { return false; }
  int64_t outputs() const override { return outputs_; }
  int64_t receptive_field() const override { return window_; }
  /// The trend of x (B, W, F): the moving average over time, (B, W, F).
  Tensor trend(const Tensor& x) const;

 private:
  std::shared_ptr<Module> seasonal_, trend_dense_;
  Tensor pad_index_;  ///< (W + 2p,) int64: the step each padded step copies (not saved)
  Tensor average_;    ///< (k, 1, 1), taps of 1/k: conv1d's kernel of the moving average (not saved)
  int64_t window_, features_, outputs_, kernel_;
};

}  // namespace ripple::forecast
