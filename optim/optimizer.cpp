// Optimizer base: parameter checks, zero_grad, and state save/restore.
#include "optim/optimizer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

namespace ripple {

Optimizer::Optimizer(std::vector<Tensor> params, double lr_)
    : lr(lr_), params_(std::move(params)), slots_(params_.size()) {
  for (size_t i = 0; i < params_.size(); ++i) {
    const Tensor& p = params_[i];
    const std::string at = "optimizer: parameter " + std::to_string(i);
    if (!p.defined()) throw Error(at + " is undefined");
    if (!p.is_floating()) throw Error(at + " is " + dtype_name(p.dtype()) + ", not a float tensor");
    if (!p.is_contiguous())
      throw Error(at + " of shape " + to_string(p.shape()) + " is not contiguous");
    for (size_t j = 0; j < i; ++j)
      if (params_[j].is_same(p)) throw Error(at + " is parameter " + std::to_string(j) + " again");
  }
}

void Optimizer::zero_grad() {
  for (Tensor& p : params_) p.zero_grad();
}

Tensor Optimizer::new_slot(size_t i, const std::string&) const { return zeros_like(params_[i]); }

Tensor Optimizer::grad_of(size_t i) const {
  const Tensor& p = params_[i];
  Tensor g = p.grad();
  if (!g.defined()) return g;
  if (g.shape() != p.shape() || g.dtype() != p.dtype())
    throw Error(std::string(name()) + ".step: parameter " + std::to_string(i) + " is " +
                dtype_name(p.dtype()) + " " + to_string(p.shape()) + " but its grad is " +
                dtype_name(g.dtype()) + " " + to_string(g.shape()));
  return kernel::contiguous(g);
}

void Optimizer::check_lr() const {
  if (!(lr >= 0)) throw Error(std::string(name()) + ".step: lr must be >= 0, got " + std::to_string(lr));
}

NamedTensors Optimizer::state() const {
  NamedTensors out = {{"step", scalar(static_cast<double>(steps_), DType::Int64)}};
  for (size_t i = 0; i < slots_.size(); ++i)
    for (const auto& [slot, t] : slots_[i])
      out.emplace_back("state." + std::to_string(i) + "." + slot, t);
  return out;
}

void Optimizer::load_state(const NamedTensors& state) {
  const std::string where = std::string(name()) + ".load_state: ";
  const std::vector<std::string> names = slot_names();
  std::vector<std::map<std::string, Tensor>> slots(params_.size());
  int64_t steps = -1;
  for (const auto& [key, t] : state) {
    if (key == "step") {
      if (t.dtype() != DType::Int64 || t.numel() != 1)
        throw Error(where + "'step' must be one int64, got " + dtype_name(t.dtype()) + " " +
                    to_string(t.shape()));
      steps = static_cast<int64_t>(t.item());
      continue;
    }
    // "state.<i>.<slot>"
    size_t i = params_.size(), dot = key.find('.', 6);
    std::string slot;
    if (key.rfind("state.", 0) == 0 && dot != std::string::npos && dot > 6 && dot < 16 &&
        std::all_of(key.begin() + 6, key.begin() + static_cast<std::ptrdiff_t>(dot),
                    [](unsigned char c) { return std::isdigit(c); })) {
      i = std::stoul(key.substr(6, dot - 6));
      slot = key.substr(dot + 1);
    }
    if (i >= params_.size() || std::find(names.begin(), names.end(), slot) == names.end())
      throw Error(where + "unexpected tensor '" + key + "' for " + name() + " over " +
                  std::to_string(params_.size()) + " parameters");
    const Tensor want = new_slot(i, slot);
    if (t.shape() != want.shape() || t.dtype() != want.dtype())
      throw Error(where + "tensor '" + key + "' is " + dtype_name(t.dtype()) + " " +
                  to_string(t.shape()) + ", expected " + dtype_name(want.dtype()) + " " +
                  to_string(want.shape()));
    slots[i][slot] = kernel::clone(t);
  }
  if (steps < 0) throw Error(where + "missing tensor 'step'");
  for (size_t i = 0; i < slots.size(); ++i)
    if (!slots[i].empty() && slots[i].size() != names.size())
      for (const std::string& slot : names)
        if (!slots[i].count(slot))
          throw Error(where + "missing tensor 'state." + std::to_string(i) + "." + slot + "'");
  slots_ = std::move(slots);
  steps_ = steps;
}

}  // namespace ripple
