/// @file
/// Streaming forecasts: one new observation at a time, each costing one step of the WaveNet
/// instead of a forward pass over a window (the "fast WaveNet" of Paine et al. 2016).
///
/// @code{.cpp}
///   forecast::Streamer s(model, history);   // model: a WaveNet; history (T, F), T >= 0
///   for (...) {
///     Tensor y = s.push(x_t);               // x_t (F,) -> the forecast after it, (E,)
///   }
/// @endcode
///
/// What is cached. A forecast after step t needs, of the past, only what the causal convolutions
/// read: the input x[t - 1] beside x[t] for the input convolution, and for a block of dilation d
/// its input d steps back. The Streamer keeps these in a WaveNetCache (models/wavenet.h): per
/// block a queue of its last d inputs, (C,) each. A push runs the input convolution, every block
/// (dilated convolution, gate, 1x1, residual and skip) and the head on one step, using the queues'
/// oldest entries, and pushes the new block inputs in their place: per block one (1, 2C) x (2C, 2C)
/// product (the two taps side by side) and one (1, C) x (C, C + S), against those of every step
/// of a window for forecast_last (of the steps the direct head's pruned forward needs). Both heads
/// work alike: the sequence head's forecast after t is its output at t, the direct head's is the
/// head on the skips summed at t, the step it reads; a linear path adds its Dense of the last W
/// inputs, which the cache keeps as a window of W steps.
///
/// Equal to the batch forecast. The WaveNet's forecast after t depends on x[t - R + 1 .. t] only,
/// R its receptive field, so the forecast push returns is model.forecast_last(window) for any
/// window ending at t that is at least R steps long, and while fewer than R steps have been seen,
/// for the window of all of them: before the history's first step the queues hold zeros, as the
/// causal padding reads. This holds for the direct head's pruned forward too (it computes the same
/// blocks at fewer steps). With a linear path of W >= R steps, windows of W steps are the ones its
/// forward accepts, and the forecast is forecast_last of the last W steps once W have been seen.
/// The agreement is to float rounding, not to the bit: forecast_last runs each convolution as one
/// GEMM over all the window's steps (the pruned forward as two products and a sum), a push as one
/// product of a single row, and BLAS blocks the two differently, so the sums are rounded in
/// another order. tests/models/test_forecast_streamer.cpp asks for 1e-10 in float64, and in
/// float32, at the app's default sizes, 1e-5 of the forecasts' size (max(1, |y|)); measured:
/// about 1e-7 for forecasts of size 0.3 to 0.5 (bench/streamer.cpp prints it).
///
/// Two cases where that equality is not the forecast the app makes:
/// - A model trained on windows W shorter than R (the app chooses the depth whose receptive field
///   covers the window, so R >= W, and R > W unless 2 + stacks * (2^L - 1) = W exactly: window 336
///   gives R = 513) saw causal zeros in training where a stream has real values. Its streamed
///   forecast equals forecast_last on R steps, not on the W steps the app forecasts from; where
///   the two differ is what the model does with the older values it never saw in training.
/// - A linear path with W < R: the network part is the forecast from R steps as above, the linear
///   part the Dense of the last W; forward cannot take such a window, so no single batch call
///   gives it. Until W steps have been seen, the linear path reads zeros before the start.
///
/// Per-window normalisation is refused. NormalizedForecaster (Norm::Last, Norm::RevIN) normalises
/// each window by its own statistics, its last value or its mean and standard deviation, and
/// those change with every push. Every cached activation was computed from inputs normalised with
/// the old statistics; through the gates and ReLUs (and the causal padding's zeros, which do not
/// move with the level) no correction makes them those of the new ones, so an exact forecast
/// needs the whole window again, which is forecast_last. Running statistics instead (normalising
/// each new x_t once, with the statistics of the stream so far) would make the cache reusable
/// but would be a different model from the one trained: it learned windows normalised by their
/// own statistics, and its forecasts would no longer equal the batch forecast. So a Streamer
/// streams models without per-window normalisation only (the app's `--norm none`;
/// NormalizedForecaster with Norm::None is unwrapped) and refuses the others, saying why;
/// forecast_last on each window forecasts them exactly, at a window's cost per step.
///
/// The history's pass and every push run in eval mode (EvalGuard: the model's mode is restored
/// after) without gradients, as forecast::predict does. The Streamer shares the model: training
/// it while a stream is open leaves the queues stale (activations of the old weights); reset()
/// starts again.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "forecast_data.h"
#include "forecast_models.h"
#include "forecast_trained.h"
#include "wavenet.h"

namespace ripple::forecast {

/// A forecast after every new observation of one series, from a WaveNet's cached states (see
/// forecast_streamer.h). Letters: T steps of history, F features, E outputs, R receptive field.
class Streamer {
 public:
  /// Streams `model`, a WaveNet (either head, with or without a linear path) or a
  /// NormalizedForecaster with Norm::None around one, starting after `history` (T, F), T >= 0
  /// (an undefined tensor is no history). The history costs one forward pass over its last R
  /// steps (max(R, W) with a linear path of W). Throws ripple::Error for another kind of model
  /// (a QuantileForecaster too: quantile forecasts are not streamed yet), for per-window
  /// normalisation (why: forecast_streamer.h), and naming the shapes unless history is (T, F)
  /// of the model's F.
  explicit Streamer(std::shared_ptr<Forecaster> model, const Tensor& history = Tensor());
  /// Streams a model the forecast app trained (forecast_trained.h) on the CSV's own scale:
  /// history (T, F) and every x_t hold the columns trained.features in that order, as read; they
  /// are z-scored with the run's scaler, and the forecasts are returned in the target's units.
  /// Throws ripple::Error as above, for a run that forecast every column (target "all"), and for
  /// one with calendar features (computed from the time column, which a stream of values lacks).
  explicit Streamer(const TrainedForecaster& trained, const Tensor& history = Tensor());

  /// Appends the observation x_t (F,) and returns the forecast of the E steps after it, (E,):
  /// one step through the network, without gradients. Throws ripple::Error naming the shapes
  /// unless x_t is (F,).
  Tensor push(const Tensor& x_t);
  /// The forecast after the last step seen, (E,) (what the last push returned). Throws
  /// ripple::Error before any step (an empty history and no push yet).
  Tensor forecast() const;
  /// Starts again after `history` (T, F), as the constructor does.
  void reset(const Tensor& history = Tensor());

  int64_t steps() const { return cache_->steps(); }  ///< steps seen: the history's T plus the pushes
  int64_t features() const;                          ///< F
  int64_t outputs() const;                           ///< E
  /// R: the forecast after a step depends on that step and the R - 1 before it.
  int64_t receptive_field() const { return net_->receptive_field(); }
  /// The steps a forecast reads: R, or max(R, W) with a linear path of W steps.
  int64_t context() const;
  const WaveNet& model() const { return *net_; }  ///< the network streamed

 private:
  std::shared_ptr<Forecaster> owner_;  ///< keeps the model alive
  WaveNet* net_ = nullptr;             ///< the WaveNet inside it
  std::optional<Scaler> scaler_;       ///< a trained run's: inputs z-scored, forecasts inverted
  std::unique_ptr<WaveNetCache> cache_;
};

}  // namespace ripple::forecast
