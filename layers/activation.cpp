// Activation layers: Tanh, ReLU, Sigmoid and GatedActivation call their ops. Dropout multiplies
// by a constant mask m (0 or 1 / (1 - p)), so its gradient is g * m (via mul).
#include "layers/activation.h"

#include <sstream>

#include "core/loops.h"

namespace ripple {

Tensor Tanh::forward(const Tensor& x) { return tanh(x); }
Tensor ReLU::forward(const Tensor& x) { return relu(x); }
Tensor Sigmoid::forward(const Tensor& x) { return sigmoid(x); }
Tensor GatedActivation::forward(const Tensor& x) { return gated_activation(x); }

Dropout::Dropout(double p, Generator& gen) : p_(p), gen_(gen.next_u64()) {
  if (!(p >= 0 && p <= 1)) throw Error("Dropout: p must be in [0, 1], got " + std::to_string(p));
}

Tensor Dropout::forward(const Tensor& x) {
  if (!is_training() || p_ == 0) return x;
  const double keep_scale = p_ < 1 ? 1 / (1 - p_) : 0;
  Tensor mask = empty(x.shape(), x.dtype());
  dispatch_float(x.dtype(), "Dropout", [&]<class R>() {
    R* m = mask.data<R>();
    for (int64_t i = 0; i < mask.numel(); ++i)
      m[i] = gen_.uniform01() < p_ ? R(0) : static_cast<R>(keep_scale);
  });
  return mul(x, mask);
}

std::string Dropout::describe() const {
  std::ostringstream s;
  s << "Dropout(p=" << p_ << ")";
  return s.str();
}

}  // namespace ripple
