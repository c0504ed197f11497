/// @file
/// Optimizer: the base of SGD, Adam and AdamW.
///
/// An optimizer holds handles to the parameters it updates (the same storage as the model's, so
/// an update is seen by the model at once) and, per parameter, named state tensors such as Adam's
/// exp_avg. The training loop is PyTorch's:
///
/// @code{.cpp}
///   opt.zero_grad();                      // drop last step's gradients
///   loss.backward();                      // accumulate new ones into each parameter's grad()
///   opt.lr = schedule.lr_at(step);        // optional: a learning-rate schedule
///   opt.step();                           // update every parameter that has a grad
/// @endcode
///
/// step() runs plain loops over the contiguous float32/float64 data, outside the autograd graph.
/// state()/load_state() save and restore everything a resumed run needs to continue with
/// identical numbers (the hyperparameters, lr included, are the caller's to restore).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "../core/tensor.h"
#include "../layers/module.h"

namespace ripple {

/// The base of the optimizers: the parameters, lr, per-parameter state (see optimizer.h).
class Optimizer {
 public:
  /// Throws ripple::Error unless every param is a defined, contiguous float32/float64 tensor,
  /// listed once.
  Optimizer(std::vector<Tensor> params, double lr);
  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  /// Updates every parameter that has a grad (parameters without one are skipped, their state
  /// untouched). Throws ripple::Error if a grad's shape or dtype differs from its parameter's,
  /// or lr is negative or NaN.
  virtual void step() = 0;
  /// Drops every parameter's grad (PyTorch's zero_grad(set_to_none=True)).
  void zero_grad();

  /// The learning rate of the next step(); a schedule sets it before each step.
  double lr;

  const std::vector<Tensor>& params() const { return params_; }  ///< the parameters updated
  int64_t step_count() const { return steps_; }  ///< calls of step() so far

  /// "step" (int64, 0-d: step_count()) and, for each parameter i that has been updated,
  /// "state.<i>.<slot>" for each of slot_names(), as in "state.0.exp_avg". The tensors are the
  /// optimizer's own: clone them to keep a snapshot that later steps do not change.
  NamedTensors state() const;
  /// Restores a state() of an optimizer of the same kind over parameters of the same shapes
  /// (copies the tensors). Throws ripple::Error naming the tensor for a missing "step", an
  /// unknown name, a parameter index out of range, a parameter with only some of its slots, or a
  /// shape or dtype that differs from what this optimizer expects.
  void load_state(const NamedTensors& state);

  virtual const char* name() const = 0;  ///< "SGD", "Adam", "AdamW": for error messages

 protected:
  /// The names of the per-parameter state tensors, e.g. {"exp_avg", "exp_avg_sq", "step"}.
  virtual std::vector<std::string> slot_names() const = 0;
  /// A fresh state tensor `slot` for parameter i: zeros shaped like the parameter by default.
  virtual Tensor new_slot(size_t i, const std::string& slot) const;

  /// The grad of parameter i (contiguous), or an undefined tensor if it has none. Throws if its
  /// shape or dtype differs from the parameter's.
  Tensor grad_of(size_t i) const;
  /// Throws unless lr is a non-negative number.
  void check_lr() const;

  std::vector<Tensor> params_;
  /// slots_[i]: parameter i's state by slot name; empty until its first update.
  std::vector<std::map<std::string, Tensor>> slots_;
  int64_t steps_ = 0;
};

}  // namespace ripple
