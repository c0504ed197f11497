/// @file
/// Adam and AdamW, with PyTorch's formulas (torch.optim.Adam / AdamW, amsgrad off).
///
/// For each parameter p with gradient g, at its t-th update (t counts from 1, per parameter):
/// @code{.unparsed}
///   Adam:  g = g + weight_decay * p                 (L2 penalty folded into the gradient)
///   AdamW: p = p - lr * weight_decay * p            (decoupled weight decay, before the update)
///   m = beta1 * m + (1 - beta1) * g                 "exp_avg"
///   v = beta2 * v + (1 - beta2) * g * g             "exp_avg_sq"
///   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
/// @endcode
/// State per parameter: "exp_avg", "exp_avg_sq" and "step" (int64, 0-d: t).
///
/// Defaults. PyTorch: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0 (Adam) or 0.01
/// (AdamW); ripple uses these. Keras (tf.keras.optimizers.Adam): learning_rate 1e-3, beta_1 0.9,
/// beta_2 0.999, epsilon 1e-7, and Keras applies epsilon differently: it adds it to the
/// uncorrected sqrt(v), p -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + epsilon)
/// (the paper's "epsilon hat"), which equals PyTorch's formula with eps = epsilon / sqrt(1 -
/// beta2^t). ripple follows PyTorch's formula; to approximate a Keras recipe pass eps = 1e-7 and
/// expect small differences in the first steps, where 1 - beta2^t is small.
#pragma once

#include "optimizer.h"

namespace ripple {

/// Adam's settings besides lr, with PyTorch's defaults.
struct AdamOptions {
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;  ///< L2, added to the gradient
};

/// AdamW's settings besides lr, with PyTorch's defaults.
struct AdamWOptions {
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.01;  ///< decoupled, applied to the parameter
};

/// Adam, with L2 weight decay added to the gradient (see adam.h for the update).
class Adam : public Optimizer {
 public:
  /// Adam(model.parameters()) or Adam(params, 3e-4, {.beta2 = 0.95}). Throws ripple::Error for
  /// betas outside [0, 1), negative lr, eps or weight_decay, and as Optimizer's constructor for
  /// unusable parameters.
  explicit Adam(std::vector<Tensor> params, double lr = 1e-3, AdamOptions options = {});
  void step() override;
  const char* name() const override { return decoupled_ ? "AdamW" : "Adam"; }
  /// The settings; for an AdamW, the values of its AdamWOptions.
  const AdamOptions& options() const { return options_; }

 protected:
  /// Adam's and AdamW's constructor; `decoupled` selects AdamW's weight decay.
  Adam(std::vector<Tensor> params, double lr, AdamOptions options, bool decoupled);
  std::vector<std::string> slot_names() const override;
  Tensor new_slot(size_t i, const std::string& slot) const override;

 private:
  AdamOptions options_;
  bool decoupled_;  ///< AdamW: weight decay applied to the parameter, not the gradient
};

/// AdamW: Adam with decoupled weight decay, applied to the parameter before the update.
class AdamW : public Adam {
 public:
  /// AdamW(model.parameters(), 3e-4, {.weight_decay = 0.1}).
  explicit AdamW(std::vector<Tensor> params, double lr = 1e-3, AdamWOptions options = {});
};

}  // namespace ripple
