#include "layers/sequential.h"

#include <typeinfo>

#include "autograd/ops.h"
#include "layers/activation.h"
#include "layers/batch_norm.h"

namespace ripple {

Sequential::Sequential(std::initializer_list<std::shared_ptr<Module>> layers) {
  for (auto& l : layers) add(l);
}

void Sequential::add(std::shared_ptr<Module> layer) {
  register_module(std::to_string(layers_.size()), layer);
  const bool tanh_after_norm = !layers_.empty() && typeid(*layers_.back()) == typeid(BatchNorm1d) &&
                               typeid(*layer) == typeid(Tanh);
  if (!layers_.empty()) fused_tanh_.back() = tanh_after_norm;
  layers_.push_back(std::move(layer));
  fused_tanh_.push_back(false);
}

Tensor Sequential::forward(const Tensor& x) {
  Tensor h = x;
  for (size_t i = 0; i < layers_.size(); ++i) {
    if (!fused_tanh_[i]) {
      h = (*layers_[i])(h);
      continue;
    }
    {  // the two layers' summary rows, as their own calls would give them
      SummaryCall norm_call(*layers_[i]);
      h = static_cast<BatchNorm1d&>(*layers_[i]).forward_tanh(h);
      norm_call.outputs({h.shape()});
    }
    SummaryCall tanh_call(*layers_[++i]);
    tanh_call.outputs({h.shape()});
  }
  return h;
}

FlattenConsecutive::FlattenConsecutive(int64_t n) : n_(n) {
  if (n < 1) throw Error("FlattenConsecutive: n must be positive, got " + std::to_string(n));
}

Tensor FlattenConsecutive::forward(const Tensor& x) {
  if (x.dim() != 3 || x.size(1) % n_ != 0)
    throw Error("FlattenConsecutive(" + std::to_string(n_) + "): expected (B, T, C) with T divisible by " +
                std::to_string(n_) + ", got " + to_string(x.shape()));
  const int64_t b = x.size(0), t = x.size(1) / n_, c = x.size(2) * n_;
  return t == 1 ? reshape(x, {b, c}) : reshape(x, {b, t, c});
}

std::string FlattenConsecutive::describe() const {
  return "FlattenConsecutive(" + std::to_string(n_) + ")";
}

}  // namespace ripple
