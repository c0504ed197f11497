/// @file
/// Cached incremental prediction for the whole-word models, conv and gated: the fast WaveNet of
/// Paine et al. 2016, as forecast::WaveNetCache does it for the forecaster (models/wavenet.h).
///
/// A whole-word model predicts the character after position t from positions t - R + 1 .. t
/// (R its receptive field). A dilated convolution of kernel 2 reads its input at t and t - d, so
/// keeping for each one a queue of its last d inputs, (B, C) each, lets a new character cost one
/// pass through the layers on (B, C) vectors, instead of a forward pass over the whole word so far:
///
/// @code{.unparsed}
///   kept                                           because the next position reads
///   per convolution j, its last d_j inputs (B, C)  h_j[t + 1 - d_j] beside h_j[t + 1]
/// @endcode
///
/// The embedding, the BatchNorms (eval mode: running statistics), the gates, the 1x1
/// convolutions, the sums and the output layers act on one position at a time and keep nothing.
///
/// @code{.cpp}
///   auto cache = makemore::make_step_cache(model, config, B);  // queues of the causal padding's zeros
///   Tensor logits = cache->push(chars);  // chars (B,) int64, one per word -> (B, V) after them
/// @endcode
///
/// Pushing '.', c1, c2, ... gives the logits forward() gives at positions 0, 1, 2, ... of the
/// sequence '.' c1 c2 ..., up to float rounding (each convolution is one (B, 2C) product per step
/// instead of one GEMM over all positions). The cache points to the model, which must outlive
/// it and stay in eval mode; no gradients are recorded.
#pragma once

#include <memory>

#include "makemore.h"

namespace ripple::makemore {

/// The per-layer queues of a whole-word model over B words (see makemore_cache.h).
class StepCache {
 public:
  virtual ~StepCache() = default;
  /// Appends chars (B,) int64, one character to each word, and returns the logits of the
  /// character after it, (B, V). Throws ripple::Error naming the shape unless chars is (B,).
  virtual Tensor push(const Tensor& chars) = 0;
  int64_t batch() const { return batch_; }  ///< B
  int64_t steps() const { return steps_; }  ///< characters pushed so far

 protected:
  explicit StepCache(int64_t batch) : batch_(batch) {}
  void check(const Tensor& chars);  ///< throws unless chars is (B,) int64; counts the step

  /// A ring of the last d inputs of one convolution, (B, C) each, oldest at `head`.
  struct Queue {
    std::vector<Tensor> slots;
    size_t head = 0;
    Queue(int64_t d, int64_t batch, int64_t channels, DType dtype);  ///< d zero slots
    Tensor pop_push(const Tensor& v);  ///< returns the value d steps back and stores v in its place
  };

 private:
  int64_t batch_, steps_ = 0;
};

/// The cache of a conv or gated model (make_model's, config its configuration) over B words;
/// `labels` (B,) int64 for a conditional conv or gated model. Throws ripple::Error for the hierarchical
/// models (they read a fixed window, which is cheap already) or labels that do not fit.
std::unique_ptr<StepCache> make_step_cache(Module& model, const ModelConfig& config, int64_t batch,
                                           const Tensor& labels = {});

}  // namespace ripple::makemore
