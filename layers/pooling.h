/// @file
/// Sequence-to-vector layers: (B, T, C) -> (B, C), the last stage of a sequence classifier or
/// forecaster before the dense head.
#pragma once

#include <string>

#include "module.h"

namespace ripple {

/// The mean over time, as Keras's GlobalAveragePooling1D: x (B, T, C) -> (B, C).
/// Throws ripple::Error unless x is 3-d with T >= 1.
class GlobalAveragePooling1d : public Module {
 public:
  Tensor forward(const Tensor& x) override;
  std::string describe() const override { return "GlobalAveragePooling1d()"; }
};

/// The last time step, x[:, -1, :]: x (B, T, C) -> (B, C). With causal convolutions it is the
/// output that has seen the whole sequence. Throws ripple::Error unless x is 3-d with T >= 1.
class LastStep : public Module {
 public:
  Tensor forward(const Tensor& x) override;
  std::string describe() const override { return "LastStep()"; }
};

}  // namespace ripple
