/// @file
/// Activation layers: Tanh, ReLU, Sigmoid (the ops as modules), WaveNet's gated activation, and
/// Dropout. All keep the input's shape except GatedActivation, which halves the last dim.
#pragma once

#include <string>

#include "../autograd/ops.h"
#include "../core/generator.h"
#include "module.h"

namespace ripple {

/// tanh as a module.
class Tanh : public Module {
 public:
  Tensor forward(const Tensor& x) override;
  std::string describe() const override { return "Tanh()"; }
};

/// relu as a module.
class ReLU : public Module {
 public:
  Tensor forward(const Tensor& x) override;
  std::string describe() const override { return "ReLU()"; }
};

/// sigmoid as a module.
class Sigmoid : public Module {
 public:
  Tensor forward(const Tensor& x) override;
  std::string describe() const override { return "Sigmoid()"; }
};

/// gated_activation (autograd/ops.h) as a module: (..., 2C) -> (..., C).
class GatedActivation : public Module {
 public:
  Tensor forward(const Tensor& x) override;
  std::string describe() const override { return "GatedActivation()"; }
};

/// Inverted dropout: in training, each element is zeroed with probability p and the survivors
/// are scaled by 1 / (1 - p), so evaluation (eval()) is the identity. The layer owns its own
/// Generator, seeded by one draw from `gen` at construction (so `gen` need not outlive it).
/// Throws ripple::Error unless 0 <= p <= 1.
class Dropout : public Module {
 public:
  Dropout(double p, Generator& gen);
  Tensor forward(const Tensor& x) override;
  std::string describe() const override;  ///< "Dropout(p=0.2)"
  double p() const { return p_; }          ///< the drop probability
  Generator& generator() { return gen_; }  ///< to save or restore the mask stream

 private:
  double p_;
  Generator gen_;
};

}  // namespace ripple
