// GlobalAveragePooling1d and LastStep, built from mean and select (their gradients come along).
#include "layers/pooling.h"

#include "autograd/ops.h"

namespace ripple {

static void check_sequence(const Tensor& x, const char* layer) {
  if (x.dim() != 3 || x.size(1) < 1)
    throw Error(std::string(layer) + ": expected input (B, T, C) with T >= 1, got " +
                to_string(x.shape()));
}

Tensor GlobalAveragePooling1d::forward(const Tensor& x) {  // x: (B, T, C) -> (B, C)
  check_sequence(x, "GlobalAveragePooling1d");
  return mean(x, {1});
}

Tensor LastStep::forward(const Tensor& x) {  // x: (B, T, C) -> (B, C)
  check_sequence(x, "LastStep");
  return select(x, 1, -1);
}

}  // namespace ripple
