/// @file
/// WaveNet (van den Oord et al., 2016) as a forecaster, with the "fast WaveNet" cached generation
/// (Paine et al., 2016).
///
/// Letters: B batch, T steps, F input features, C residual channels, S skip channels, E outputs.
///
/// @code{.unparsed}
///   x (B, T, F)
///   h = CausalConv(F -> C, kernel 2)(x)                                  the causal input conv
///   for each block (dilations 1, 2, ..., 2^(L-1), repeated `stacks` times):
///     z = CausalConv(C -> 2C, kernel 2, dilation d)(h)                   (B, T, 2C)
///     g = tanh(z[..., :C]) * sigmoid(z[..., C:])                          the gated activation
///     [r, s] = Conv1x1(C -> C + S)(g)                                     residual and skip 1x1
///     h = h + r;   skip += s                                              (the two 1x1 convs are
///                                                                          fused into one GEMM)
///   y = Conv1x1(S -> E)(relu(Conv1x1(S -> S)(relu(skip))))               (B, T, E)
/// @endcode
///
/// y[:, t] forecasts the E steps after t and depends on x[t - R + 1 .. t] only (causal), R being
/// the receptive field 2 + stacks * (2^L - 1). The model is trained on every time step, like the
/// book's sequence-to-sequence WaveNet, and forecasts from the last one.
///
/// Direct head (options.direct). For long windows and horizons (336 steps in, 96..720 out) the
/// sequence targets alone would be W x E values per window. The direct model applies the head to
/// the last step's summed skips only, y = head(skip[:, T-1]) (B, E): every step of the horizon at
/// once from the features that have seen the whole receptive field, trained against y directly.
/// Only the last step's skips are needed, so each block is computed only at the steps within the
/// last step's receptive field through the blocks after it: a fraction of the window for the
/// later blocks (338 block outputs instead of 3,024 for one stack over 336 steps).
/// With options.linear_window = W it adds a Dense(W * F -> E) on the flattened input window to
/// that forecast (the linear "autoregressive component" of LSTNet, Lai et al. 2018): the network
/// learns what a linear map of the window misses, and a linear map is what wins the long-horizon
/// benchmarks (models/forecast_models.h).
///
/// Generation. generate(history, steps) feeds forecasts back as inputs. Uncached, each new step
/// runs the whole network over the whole sequence so far: O(T * layers) per step. Cached, it keeps
/// for every dilated convolution a queue of that layer's last d inputs (d its dilation): the new
/// step's output needs only the layer input d steps back, which is the head of the queue. So each
/// step is one pass through the layers on (B, C) vectors. The queues start from one forward pass
/// over the history (zeros before its start, as the causal padding reads), so both ways compute
/// the same numbers up to float rounding.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "../core/generator.h"
#include "../layers/conv1d.h"
#include "forecast_models.h"

namespace ripple::forecast {

/// WaveNet's sizes; letters as in wavenet.h.
struct WaveNetOptions {
  int64_t features = 1;          ///< F
  int64_t outputs = 1;           ///< E
  int64_t channels = 32;         ///< C, residual channels
  int64_t skip_channels = 32;    ///< S
  int64_t stacks = 2;            ///< repetitions of the dilation cycle
  int64_t layers_per_stack = 5;  ///< L: dilations 1, 2, ..., 2^(L-1)
  bool direct = false;           ///< the head on the last step only: forward gives (B, E)
  int64_t linear_window = 0;     ///< direct: W > 0 adds a Dense(W * F -> E) of the window
  DType dtype = DType::Float32;  ///< float64 for gradient checks
};

/// The smallest L with 2 + stacks * (2^L - 1) >= window: the depth whose receptive field covers
/// the window (window 50, 2 stacks: L = 5, receptive field 64).
int64_t layers_for_window(int64_t window, int64_t stacks);

/// A residual block's two results.
struct WaveNetBlockOutput {
  Tensor residual;  ///< (B, T, C): x + r, the next block's input
  Tensor skip;      ///< (B, T, S): s, summed over the blocks into the head's input
};

/// One residual block as a function of its parameters (so gradcheck can perturb them):
/// @code{.unparsed}
///   x (B, T, C), dilated_w (2, C, 2C), dilated_b (2C,), out_w (1, C, C + S), out_b (C + S,)
///   -> residual x + r (B, T, C) and skip s (B, T, S)
/// @endcode
WaveNetBlockOutput wavenet_block(const Tensor& x, const Tensor& dilated_w, const Tensor& dilated_b,
                                 const Tensor& out_w, const Tensor& out_b, int64_t dilation);

/// A residual block as a Module: x (B, T, C) -> residual (B, T, C) and skip (B, T, S).
class WaveNetBlock : public Module {
 public:
  /// The dilated conv C -> 2C (kernel 2) and the 1x1 conv C -> C + S, drawn from `gen`.
  WaveNetBlock(int64_t channels, int64_t skip_channels, int64_t dilation, DType dtype, Generator& gen);
  /// Both results; summary() lists the call with their two shapes. Throws ripple::Error unless
  /// x is (B, T, C).
  WaveNetBlockOutput run(const Tensor& x);
  /// The residual stream alone, run(x).residual: the block as a (B, T, C) -> (B, T, C) module.
  Tensor forward(const Tensor& x) override;
  std::string describe() const override;
  int64_t dilation() const { return dilation_; }
  const Conv1d& dilated() const { return *dilated_; }  ///< the dilated causal conv, C -> 2C
  const Conv1d& out() const { return *out_; }          ///< the 1x1 conv, C -> C + S

 private:
  WaveNetBlockOutput compute(const Tensor& x);  ///< run() without the summary row
  std::shared_ptr<Conv1d> dilated_, out_;
  int64_t channels_, skip_channels_, dilation_;
};

/// The WaveNet forecaster of wavenet.h: x (B, T, F) -> (B, T, E), or (B, E) with the direct head.
class WaveNet : public Forecaster {
 public:
  /// Throws ripple::Error for sizes below 1 or more than 30 layers per stack.
  WaveNet(const WaveNetOptions& options, Generator& gen);
  Tensor forward(const Tensor& x) override;  ///< (B, T, F) -> (B, T, E), direct: (B, E)
  std::string describe() const override;
  bool sequence_output() const override { return !options_.direct; }
  int64_t outputs() const override { return options_.outputs; }
  const WaveNetOptions& options() const { return options_; }

  /// Continues each history (B, T, 1) by `steps` values, feeding forecasts back: after each pass
  /// the E values forecast from the last step are appended one by one. Returns (B, steps). Needs
  /// F = 1 (the only input is the forecast series), T >= 1 and no linear path (it reads a fixed
  /// window); throws ripple::Error otherwise.
  /// No gradients are recorded.
  Tensor generate(const Tensor& history, int64_t steps, bool cached = true);

 private:
  Tensor generate_uncached(const Tensor& history, int64_t steps);
  Tensor generate_cached(const Tensor& history, int64_t steps);
  /// The blocks over whole sequences: x (B, T, F) -> the summed skips (B, T, S); `block_input`,
  /// if given, sees each block and its input first (generate_cached keeps them for its queues).
  using BlockInput = std::function<void(const WaveNetBlock&, const Tensor&)>;
  Tensor skips(const Tensor& x, const BlockInput& block_input = {});
  /// The summed skips at the last step, (B, S), computing each block only at the steps that
  /// reach it (the direct head's forward; the same numbers as skips(x)[:, T - 1]).
  Tensor last_skip(const Tensor& x);
  /// ReLU, 1x1 conv, ReLU, 1x1 conv: the summed skips (B, T, S) -> (B, T, E).
  Tensor head(const Tensor& skip);

  WaveNetOptions options_;
  std::shared_ptr<Conv1d> input_, head1_, head2_;
  std::shared_ptr<Module> linear_;  ///< the linear path (direct head, linear_window > 0)
  std::vector<std::shared_ptr<WaveNetBlock>> blocks_;
};

}  // namespace ripple::forecast
