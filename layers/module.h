/// @file
/// Module: the base of every layer and model.
///
/// A module owns parameters (trained) and buffers (state such as BatchNorm's running mean),
/// registered by name, and child modules, registered by name too. Names join with dots, so a
/// checkpoint is a map like {"layers.3.weight": ..., "layers.4.running_mean": ...} that survives
/// refactors of the C++ code. There is one virtual method to implement: forward.
///
/// Tensor layout, once for all of ripple's layers: sequences are (B, T, C) - batch, time, channels
/// - with channels last, as in Keras and the makemore lecture. Plain feature batches are (N, C).
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "../core/tensor.h"

namespace ripple {

/// Tensors by dotted name, in order: what a module or optimizer state() holds.
using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

/// The base of every layer and model: named parameters, buffers and children (see module.h).
class Module {
 public:
  virtual ~Module() = default;
  Module() = default;
  Module(const Module&) = delete;  ///< a module owns its parameters: share it by pointer
  Module& operator=(const Module&) = delete;

  /// The layer's computation. Call a module with m(x), which also feeds summary().
  virtual Tensor forward(const Tensor& x) = 0;
  Tensor operator()(const Tensor& x);  ///< forward(x), recorded for summary()

  /// "Linear(48, 128, bias=false)": the type and its configuration, for summaries and errors.
  virtual std::string describe() const = 0;

  NamedTensors named_parameters() const;  ///< recursive, in registration order
  NamedTensors named_buffers() const;     ///< recursive, in registration order
  std::vector<Tensor> parameters() const;  ///< named_parameters() without the names
  int64_t num_parameters() const;         ///< the number of elements of all parameters
  /// Parameters then buffers: what a checkpoint stores.
  NamedTensors state() const;
  /// Copies each named tensor into this module's tensor of that name (handles stay valid).
  /// Throws naming the tensor on a missing name, an unexpected name, a shape or dtype mismatch.
  void load_state(const NamedTensors& state);

  /// The direct children by name, in registration order.
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> children() const { return children_; }
  void train(bool on = true);  ///< recursive
  void eval() { train(false); }  ///< train(false)
  bool is_training() const { return training_; }  ///< as set by train(); true for a new module
  void zero_grad();            ///< drops every parameter's grad

 protected:
  /// Registers and returns t; parameters are marked requires_grad.
  /// @{
  Tensor register_parameter(std::string name, Tensor t);
  Tensor register_buffer(std::string name, Tensor t);
  /// @}
  /// Registers and returns the child module m; its tensors are named "name.<theirs>".
  template <class M>
  std::shared_ptr<M> register_module(std::string name, std::shared_ptr<M> m) {
    children_.emplace_back(std::move(name), m);
    return m;
  }

  /// What operator()(x) does for summary(), for a module whose own typed call returns more than
  /// one tensor (WaveNetBlock): while it lives, the calls made inside it nest under this module's
  /// row, and outputs() gives the row its output shapes. Does nothing outside summary().
  class SummaryCall {
   public:
    explicit SummaryCall(const Module& module);
    ~SummaryCall();
    SummaryCall(const SummaryCall&) = delete;
    SummaryCall& operator=(const SummaryCall&) = delete;
    void outputs(std::initializer_list<Shape> shapes);  ///< the shapes the call returns

   private:
    int64_t row_ = -1;  ///< this call's row in the summary, -1 when none is being made
  };

 private:
  void collect(const std::string& prefix, bool buffers, NamedTensors& out) const;
  NamedTensors params_, buffers_;
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> children_;
  bool training_ = true;
};

/// Switches a module tree to evaluation mode for its scope, then puts every module back in the
/// mode it had (a frozen BatchNorm inside a training model stays frozen), also when an exception
/// leaves the scope. PyTorch's `model.eval()` ... `model.train(was_training)`, made safe:
/// @code{.cpp}
///   {
///     EvalGuard eval(model);
///     loss = cross_entropy(model(x), y);   // BatchNorm uses its running statistics
///   }                                      // model back in training mode
/// @endcode
class EvalGuard {
 public:
  explicit EvalGuard(Module& model);
  ~EvalGuard();
  EvalGuard(const EvalGuard&) = delete;
  EvalGuard& operator=(const EvalGuard&) = delete;

 private:
  std::vector<std::pair<Module*, bool>> modes_;  ///< every module's flag, parents first
};

/// A Keras-like table of the layers that run on an input of `input_shape` (one row per module
/// call, nested modules indented) with output shapes and parameter counts, and the totals.
/// Runs one forward pass in eval mode without gradients; int64 input for embedding models.
std::string summary(Module& model, const Shape& input_shape, DType dtype = DType::Float32);

}  // namespace ripple
