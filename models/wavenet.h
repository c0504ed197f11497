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
/// the same numbers up to float rounding. The queues are a WaveNetCache, which also serves
/// forecast::Streamer (models/forecast_streamer.h): new observations instead of fed-back forecasts.
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
/// `condition`, if defined, is added to the dilated convolution's output before the gate: the
/// paper's global conditioning (section 2.5), (B, 1, 2C) for one vector per sequence.
WaveNetBlockOutput wavenet_block(const Tensor& x, const Tensor& dilated_w, const Tensor& dilated_b,
                                 const Tensor& out_w, const Tensor& out_b, int64_t dilation,
                                 const Tensor& condition = {});

/// A residual block as a Module: x (B, T, C) -> residual (B, T, C) and skip (B, T, S).
class WaveNetBlock : public Module {
 public:
  /// The dilated conv C -> 2C (kernel 2) and the 1x1 conv C -> C + S, drawn from `gen`.
  WaveNetBlock(int64_t channels, int64_t skip_channels, int64_t dilation, DType dtype, Generator& gen);
  /// Both results; summary() lists the call with their two shapes. Throws ripple::Error unless
  /// x is (B, T, C).
  WaveNetBlockOutput run(const Tensor& x);
  /// run() with `condition` (B, 1, 2C) added before the gate (see wavenet_block).
  WaveNetBlockOutput run(const Tensor& x, const Tensor& condition);
  /// The residual stream alone, run(x).residual: the block as a (B, T, C) -> (B, T, C) module.
  Tensor forward(const Tensor& x) override;
  std::string describe() const override;
  int64_t dilation() const { return dilation_; }
  const Conv1d& dilated() const { return *dilated_; }  ///< the dilated causal conv, C -> 2C
  const Conv1d& out() const { return *out_; }          ///< the 1x1 conv, C -> C + S

 private:
  WaveNetBlockOutput compute(const Tensor& x, const Tensor& condition = {});  ///< run() without the summary row
  std::shared_ptr<Conv1d> dilated_, out_;
  int64_t channels_, skip_channels_, dilation_;
};

class WaveNetCache;

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
  /// R = 2 + the sum of the dilations: the input steps the forecast after a step depends on
  /// (the formula of layers/receptive_field.h, without walking the modules).
  int64_t receptive_field() const override;

  /// Continues each history (B, T, 1) by `steps` values, feeding forecasts back: after each pass
  /// the E values forecast from the last step are appended one by one. Returns (B, steps). Needs
  /// F = 1 (the only input is the forecast series), T >= 1 and no linear path (it reads a fixed
  /// window); throws ripple::Error otherwise.
  /// No gradients are recorded.
  Tensor generate(const Tensor& history, int64_t steps, bool cached = true);

 private:
  friend class WaveNetCache;  // steps the layers one time step at a time
  Tensor generate_uncached(const Tensor& history, int64_t steps);
  Tensor generate_cached(const Tensor& history, int64_t steps);
  /// The blocks over whole sequences: x (B, T, F) -> the summed skips (B, T, S); `block_input`,
  /// if given, sees each block and its input first (WaveNetCache keeps them for its queues).
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

/// The fast WaveNet's state (Paine et al. 2016) over B series: what the next step's forecast
/// needs of the past, so that each new step costs one pass through the layers on (B, C) vectors
/// instead of a forward pass over a window.
///
/// @code{.unparsed}
///   kept                                     because the next step reads
///   the last input x[t] (B, F)               the input conv (kernel 2): x[t] beside x[t + 1]
///   per block j, its last d_j inputs (B, C)  its dilated conv: h_j[t + 1 - d_j] beside h_j[t + 1]
///   the last W inputs (B, W, F)              the linear path, if the model has one (W its window)
/// @endcode
///
/// The 1x1 convolutions, the gates, the residual and skip sums and the head act on one step at
/// a time, so they keep nothing. push(x) appends x to every series and returns the forecast after
/// it, the E values the model's forward gives at that step:
///
/// @code{.cpp}
///   WaveNetCache cache(net, history);       // history (B, T, F), zeros before its start
///   Tensor y = cache.push(x);               // x (B, F) -> (B, E), no gradients recorded
/// @endcode
///
/// Equal to the batch forward. The forecast after step t depends on x[t - R + 1 .. t] only (R the
/// receptive field), so it is net.forecast_last(window) for any window ending at t of at least R
/// steps, or of all steps so far while there are fewer than R (the causal padding's zeros before
/// the start are what the cache starts from). With a linear path of W steps it adds the Dense of
/// the last W inputs, zeros before the start. The numbers agree up to float rounding, not bit for
/// bit: forward runs each convolution as one GEMM over all steps, the cache as one (B, 2C) x (2C, 2C)
/// product per step (the kernel's two taps side by side), so the sums are rounded in another order.
///
/// The cache points to `net`, which must outlive it; training `net` in between makes the queues
/// stale (they hold activations of the old weights).
class WaveNetCache {
 public:
  /// The state after `history` (B, T, F), T >= 0: one forward pass over its last R steps (the
  /// last max(R, W) with a linear path; earlier steps cannot reach a later forecast). Throws
  /// ripple::Error naming the shapes unless history is (B, T, F) of the model's F.
  WaveNetCache(WaveNet& net, const Tensor& history);
  /// Appends x (B, F), one step of every series, and returns the forecast after it, (B, E).
  /// Throws ripple::Error naming the shapes unless x is (B, F).
  Tensor push(const Tensor& x);
  /// The forecast after the last step, (B, E); undefined before the first step (T = 0).
  const Tensor& forecast() const { return forecast_; }
  int64_t batch() const { return batch_; }   ///< B
  int64_t steps() const { return steps_; }   ///< T plus the steps pushed since

 private:
  /// A ring of the last d inputs of one layer, (B, C) each, oldest at `head`.
  struct Queue {
    std::vector<Tensor> slots;
    size_t head = 0;
    Tensor pop_push(const Tensor& v);  ///< returns the value d steps back and stores v in its place
  };
  static Queue queue_of(const Tensor& seq, int64_t d);  ///< seq (B, T, C)'s last d steps
  /// A convolution on one step as linear(): its kernel taps side by side, (C_out, k C_in).
  struct StepWeights {
    Tensor weight, bias;  ///< views of the Conv1d's parameters (no copies)
    StepWeights() = default;
    explicit StepWeights(const Conv1d& conv);
  };
  Tensor head_step(const Tensor& skip);  ///< summed skips (B, S) -> (B, E), plus the linear path

  WaveNet* net_;
  int64_t batch_ = 0, steps_ = 0;
  StepWeights input_w_, head1_w_, head2_w_;
  std::vector<StepWeights> dilated_w_, out_w_;  ///< one per residual block
  Queue input_;               ///< the input conv's, d = 1
  std::vector<Queue> blocks_;  ///< one per residual block
  Tensor window_;             ///< the linear path's last W inputs (B, W, F); undefined without it
  Tensor forecast_;
};

}  // namespace ripple::forecast
