// Residual: y = x + inner(x). The gradient of x is g plus whatever flows back through inner.
#include "layers/residual.h"

#include "autograd/ops.h"

namespace ripple {

Residual::Residual(std::shared_ptr<Module> inner) : inner_(std::move(inner)) {
  if (!inner_) throw Error("Residual: the inner module is null");
  register_module("inner", inner_);
}

Tensor Residual::forward(const Tensor& x) {
  Tensor y = (*inner_)(x);
  if (y.shape() != x.shape())
    throw Error("Residual: " + inner_->describe() + " maps " + to_string(x.shape()) + " to " +
                to_string(y.shape()) + "; a residual connection needs the same shape");
  return add(x, y);
}

std::string Residual::describe() const { return "Residual(" + inner_->describe() + ")"; }

}  // namespace ripple
