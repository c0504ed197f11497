/// @file
/// SGD: stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight
/// decay, with PyTorch's semantics (torch.optim.SGD), so PyTorch recipes carry over unchanged.
///
/// For each parameter p with gradient g, one step is
/// @code{.unparsed}
///   g   = g + weight_decay * p                      (L2 penalty folded into the gradient)
///   buf = g                                         on the parameter's first update, else
///   buf = momentum * buf + (1 - dampening) * g      (only when momentum != 0)
///   g   = nesterov ? g + momentum * buf : buf       (only when momentum != 0)
///   p   = p - lr * g
/// @endcode
/// With the defaults (no momentum, no weight decay) this is exactly p -= lr * g, the update of
/// the makemore lecture. State per parameter: "momentum_buffer" (only when momentum != 0).
#pragma once

#include "optimizer.h"

namespace ripple {

/// SGD's settings besides lr; the defaults give plain SGD.
struct SGDOptions {
  double momentum = 0;
  double dampening = 0;
  double weight_decay = 0;
  bool nesterov = false;  ///< needs momentum > 0 and dampening == 0, as in PyTorch
};

/// SGD with optional momentum, Nesterov momentum and L2 weight decay (see sgd.h).
class SGD : public Optimizer {
 public:
  /// SGD(model.parameters(), 0.1) or SGD(params, 0.01, {.momentum = 0.9, .nesterov = true}).
  /// Throws ripple::Error for negative lr/momentum/weight_decay, or nesterov without momentum or
  /// with dampening, and as Optimizer's constructor for unusable parameters.
  SGD(std::vector<Tensor> params, double lr, SGDOptions options = {});
  void step() override;
  const char* name() const override { return "SGD"; }
  const SGDOptions& options() const { return options_; }  ///< as given

 protected:
  std::vector<std::string> slot_names() const override;

 private:
  SGDOptions options_;
};

}  // namespace ripple
