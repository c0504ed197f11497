/// @file
/// ConvWaveNet: the makemore Part 5 WaveNet written as causal dilated convolutions.
///
/// The hierarchical model pairs neighbours three times: characters (t-1, t), then pairs two apart,
/// then pairs four apart. A causal Conv1d with kernel 2 and dilation d computes exactly such a
/// pairing at every position at once: y[t] = W[0] x[t - d] + W[1] x[t]. So the stack
/// @code{.unparsed}
///   Embedding(V, E)
///   Conv1d(E, H, 2, dilation 1, causal, no bias), BatchNorm1d(H), Tanh
///   Conv1d(H, H, 2, dilation 2, causal, no bias), BatchNorm1d(H), Tanh
///   Conv1d(H, H, 2, dilation 4, causal, no bias), BatchNorm1d(H), Tanh
///   Linear(H, V)
/// @endcode
/// has the same parameters as the hierarchical model, a receptive field of 8 characters, and
/// predicts the next character at every position of a word in one pass:
/// @code{.unparsed}
///   x: (B, T) int64  ->  logits (B, T, V)
/// @endcode
/// Hierarchical Linear weight (H, 2E) maps onto conv weight (2, E, H) as
/// @code{.unparsed}
///   conv[k][c][h] = linear[h][k * E + c]     (k = 0 is the earlier character)
/// @endcode
/// and in eval mode the conv model's logits at position t equal the hierarchical model's on the
/// window x[t-7..t] (tests/models/test_makemore.cpp shows it). In training the BatchNorm statistics
/// differ (every position against every 2nd, 4th...), so the two train differently.
///
/// Other dilations (config.dilations, cycled over config.layers convolutions: the course notes'
/// 1, 2, 4, 8) give the same stack with those dilations and a receptive field of 1 + their sum.
/// With config.dropout = p > 0, training drops channels of the embeddings and of the last Tanh's
/// output with probability p (inverted dropout); evaluation and sampling are the stack above.
///
/// Conditional models (config.labels = L > 0) add a learned vector of H numbers per label and
/// level after BatchNorm, before Tanh: the global conditioning of the WaveNet paper (section 2.5),
/// as makemore_gated.h does before its gate. (Before BatchNorm, a batch of words of one label
/// would lose it: training-mode statistics remove any shift all rows share.) forward(x, labels) takes one
/// label per word.
///
/// Training feeds each word as '.' + word with targets word + '.', so a word of n characters gives
/// its n + 1 predictions in one pass; positions before the start see the causal zero padding.
/// A batch pads shorter words on the right with '.' (build_sequences); in training mode the
/// BatchNorm statistics are taken over the real positions only, so the padding, which causal
/// convolutions never carry back to a real position, changes nothing (a test shows it).
#pragma once

#include <memory>
#include <vector>

#include "../layers/activation.h"
#include "../layers/batch_norm.h"
#include "../layers/conv1d.h"
#include "../layers/linear.h"
#include "../layers/sequential.h"
#include "makemore.h"

namespace ripple::makemore {

/// The stack of makemore_conv.h as a Module: (B, T) int64 characters -> (B, T, V) logits.
class ConvWaveNet : public Module {
 public:
  /// Draws the weights from `gen`. Without config.dilations, throws ripple::Error unless
  /// config.block_size is a power of two, at least 2 (the receptive field: dilations 1, 2, ...,
  /// block_size / 2).
  ConvWaveNet(const ModelConfig& config, Generator& gen);
  /// (B, T) int64 -> (B, T, V). Throws for a conditional model, which needs labels.
  Tensor forward(const Tensor& x) override;
  /// x (B, T) int64, labels (B,) int64 in [0, L) -> logits (B, T, V). Throws ripple::Error naming
  /// the shapes, or for labels given to an unconditional model.
  Tensor forward(const Tensor& x, const Tensor& labels);
  std::string describe() const override { return "ConvWaveNet"; }
  /// The generator of the dropout masks, or nullptr without dropout: the app reseeds it from its
  /// own generator every step, so a resumed run draws the same masks.
  Generator* dropout_generator() { return dropout_ ? &dropout_->generator() : nullptr; }

 private:
  friend class ConvCache;  // runs the same layers one position at a time (makemore_cache.h)
  /// One dilation of the stack: conv, its BatchNorm and the Tanh after them.
  struct Level {
    std::shared_ptr<Conv1d> conv;
    std::shared_ptr<BatchNorm1d> norm;
    std::shared_ptr<Tanh> act;
  };

  /// Every layer in order, named "layers.0", "layers.1", ... in checkpoints and run by evaluation.
  std::shared_ptr<Sequential> layers_;
  std::shared_ptr<Embedding> embedding_;  ///< layers.0
  /// In training, on the embeddings and on the last level's output, before the output Linear;
  /// null when config.dropout == 0. Not one of the layers: evaluation (the Sequential) skips it.
  std::shared_ptr<Dropout> dropout_;
  std::vector<Level> levels_;             ///< layers.1 to layers.3L
  std::shared_ptr<Linear> out_;           ///< the last layer
  std::vector<std::shared_ptr<Embedding>> conditions_;  ///< per level, (L, H); empty if unconditional
};

}  // namespace ripple::makemore
