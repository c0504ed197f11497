/// @file
/// Residual: a skip connection around any module, y = x + inner(x) (He et al., 2016), the
/// building block of deep WaveNet stacks.
#pragma once

#include <memory>
#include <string>

#include "module.h"

namespace ripple {

/// Registers `inner` as the child "inner", so its parameters are named "inner.weight" etc.
/// forward throws ripple::Error naming both shapes if inner(x) does not have x's shape.
class Residual : public Module {
 public:
  explicit Residual(std::shared_ptr<Module> inner);  ///< throws ripple::Error if inner is null

  Tensor forward(const Tensor& x) override;  ///< x: (...) -> (...), same shape
  std::string describe() const override;     ///< "Residual(Conv1d(64, 64, kernel_size=1))"
  Module& inner() const { return *inner_; }  ///< the wrapped module

 private:
  std::shared_ptr<Module> inner_;
};

}  // namespace ripple
