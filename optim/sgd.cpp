// SGD update loop (the formula is in sgd.h).
#include "optim/sgd.h"

#include "core/loops.h"

namespace ripple {

SGD::SGD(std::vector<Tensor> params, double lr, SGDOptions options)
    : Optimizer(std::move(params), lr), options_(options) {
  check_lr();
  if (!(options.momentum >= 0) || !(options.weight_decay >= 0) || !(options.dampening >= 0))
    throw Error("SGD: momentum, dampening and weight_decay must be >= 0");
  if (options.nesterov && (options.momentum <= 0 || options.dampening != 0))
    throw Error("SGD: nesterov momentum needs momentum > 0 and dampening 0");
}

std::vector<std::string> SGD::slot_names() const {
  if (options_.momentum == 0) return {};
  return {"momentum_buffer"};
}

void SGD::step() {
  check_lr();
  // named one by one: clang 14 (the fuzz build) cannot use structured bindings inside lambdas
  const double momentum = options_.momentum, dampening = options_.dampening, wd = options_.weight_decay;
  const bool nesterov = options_.nesterov;
  for (size_t i = 0; i < params_.size(); ++i) {
    const Tensor g = grad_of(i);
    if (!g.defined()) continue;
    const bool first = momentum != 0 && slots_[i].empty();
    Tensor buf;
    if (momentum != 0) {
      if (first) slots_[i]["momentum_buffer"] = new_slot(i, "momentum_buffer");
      buf = slots_[i]["momentum_buffer"];
    }
    const int64_t n = g.numel();
    dispatch_float(g.dtype(), "SGD.step", [&]<class T>() {
      T* p = params_[i].data<T>();
      const T* gp = g.data<T>();
      T* b = buf.defined() ? buf.data<T>() : nullptr;
      if (!b && wd == 0) {  // plain SGD, the lecture's: a loop the compiler vectorises
        const T step = static_cast<T>(lr);
        for (int64_t k = 0; k < n; ++k) p[k] -= step * gp[k];
        return;
      }
      for (int64_t k = 0; k < n; ++k) {
        double d = gp[k];
        if (wd != 0) d += wd * p[k];
        if (b) {
          b[k] = static_cast<T>(first ? d : momentum * b[k] + (1 - dampening) * d);
          d = nesterov ? d + momentum * b[k] : b[k];
        }
        p[k] = static_cast<T>(p[k] - lr * d);
      }
    });
  }
  ++steps_;
}

}  // namespace ripple
