/// @file
/// Sequential and FlattenConsecutive: the containers of the makemore WaveNet.
#pragma once

#include <initializer_list>
#include <memory>

#include "module.h"

namespace ripple {

/// Runs its layers in order. Children are named "0", "1", ... as in torch.nn.Sequential, so a
/// model holding a Sequential called "layers" has parameters named "layers.3.weight".
/// A BatchNorm1d followed by a Tanh runs as one op (BatchNorm1d::forward_tanh): the same numbers
/// in fewer passes over the activations; summary() still shows both layers.
class Sequential : public Module {
 public:
  Sequential() = default;
  Sequential(std::initializer_list<std::shared_ptr<Module>> layers);  ///< add()s each layer
  void add(std::shared_ptr<Module> layer);  ///< appends a layer, named by its position
  Tensor forward(const Tensor& x) override;
  std::string describe() const override { return "Sequential"; }
  size_t size() const { return layers_.size(); }                 ///< the number of layers
  Module& operator[](size_t i) const { return *layers_.at(i); }  ///< layer i (bounds-checked)

 private:
  std::vector<std::shared_ptr<Module>> layers_;
  std::vector<bool> fused_tanh_;  ///< layer i is a BatchNorm1d and layer i + 1 a Tanh
};

/// Groups n consecutive time steps into one: (B, T, C) -> (B, T/n, C*n), a free view. When
/// T/n is 1 the time dim is dropped, giving (B, C*n), as in the lecture.
/// Throws when the input is not 3-d or T is not divisible by n.
class FlattenConsecutive : public Module {
 public:
  explicit FlattenConsecutive(int64_t n);  ///< throws ripple::Error unless n >= 1
  Tensor forward(const Tensor& x) override;
  std::string describe() const override;

 private:
  int64_t n_;
};

}  // namespace ripple
