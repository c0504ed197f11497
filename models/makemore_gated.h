/// @file
/// GatedWaveNet: the WaveNet paper's residual stack (van den Oord et al. 2016) as a makemore model,
/// over whole words like ConvWaveNet: every position predicts the next character in one pass.
///
/// Letters: B words, T positions, V characters, C residual channels (--embd), S skip channels
/// (--hidden).
/// @code{.unparsed}
///   x (B, T) int64
///   h = dropout(Embedding(V, C)(x))                            (B, T, C): the residual stream
///   for each block (dilations cycled, e.g. 1, 2, 4, 8, 1, 2, 4, 8):
///     z = CausalConv(C -> 2C, kernel 2, dilation d)(h)         (B, T, 2C)
///     z = z + label_embedding[label]                           (conditional models only, (B, 1, 2C))
///     g = tanh(z[..., :C]) * sigmoid(z[..., C:])                the gated activation
///     [r, s] = Conv1x1(C -> C + S)(g)                           residual and skip 1x1 convs, fused
///     h = h + r;   skip += s
///   logits = Conv1x1(S -> V)(relu(Conv1x1(S -> S)(dropout(relu(skip)))))   (B, T, V)
/// @endcode
/// The app's defaults are narrow in the residual stream and wide in the skip path and head (C = 32,
/// S = 320): on names that generalises better than C = S = 64 at about the same parameter count
/// (bench/makemore_recipes.sh widths). The blocks are forecast::WaveNetBlock (models/wavenet.h),
/// the forecaster's own. The logits at t depend on x[t - R + 1 .. t] only, R = 1 + the sum of the
/// dilations (the embedding reads one character, each block reaches d further back). There is no BatchNorm, so training and
/// evaluation compute the same function (but for dropout, config.dropout > 0, which is inverted
/// dropout in training and the identity in evaluation) and the right padding of a batch never
/// matters.
///
/// Conditional models (config.labels = L > 0) are the paper's global conditioning (section 2.5):
/// each block adds a learned vector of its label, V_f^T h and V_g^T h of the paper's equation, to
/// the dilated convolution's output before the gate. forward(x, labels) takes one label per word.
#pragma once

#include <memory>
#include <vector>

#include "../layers/activation.h"
#include "../layers/conv1d.h"
#include "../layers/linear.h"
#include "makemore.h"
#include "wavenet.h"

namespace ripple::makemore {

class GatedCache;

/// The stack of makemore_gated.h as a Module: (B, T) int64 characters -> (B, T, V) logits.
class GatedWaveNet : public Module {
 public:
  /// Draws the weights from `gen`; the last 1x1 conv's weight is scaled by 0.1 so the first
  /// predictions are near uniform (loss near log V), as the lecture does for its output layer.
  /// dtype float64 is for gradient checks. Throws ripple::Error for sizes below 1.
  GatedWaveNet(const ModelConfig& config, Generator& gen, DType dtype = DType::Float32);
  /// x (B, T) int64 -> logits (B, T, V). Throws for a conditional model, which needs labels.
  Tensor forward(const Tensor& x) override;
  /// x (B, T) int64, labels (B,) int64 in [0, L) -> logits (B, T, V). Throws ripple::Error naming
  /// the shapes, or for labels given to an unconditional model.
  Tensor forward(const Tensor& x, const Tensor& labels);
  std::string describe() const override;
  const ModelConfig& config() const { return config_; }
  /// The generator of the dropout masks, or nullptr without dropout: the app reseeds it from its
  /// own generator at every step, so that a resumed run draws the same masks.
  Generator* dropout_generator() { return dropout_ ? &dropout_->generator() : nullptr; }

 private:
  friend class GatedCache;  // runs the same layers one position at a time
  ModelConfig config_;
  std::shared_ptr<Embedding> embedding_;
  std::vector<std::shared_ptr<forecast::WaveNetBlock>> blocks_;
  std::vector<std::shared_ptr<Embedding>> conditions_;  ///< per block, (L, 2C); empty if unconditional
  std::shared_ptr<Conv1d> head1_, head2_;
  std::shared_ptr<Dropout> dropout_;  ///< on the embeddings and on relu(skip); null when config.dropout == 0
};

}  // namespace ripple::makemore
