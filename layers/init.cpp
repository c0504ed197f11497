// Weight and bias initialisers: PyTorch's defaults, Keras's glorot uniform, the lecture's scaled
// normal. See init.h.
#include "layers/init.h"

#include <cmath>
#include <string>

#include "core/tensor.h"

namespace ripple {

const char* init_name(Init init) {
  switch (init) {
    case Init::PyTorch: return "pytorch";
    case Init::Keras: return "keras";
    case Init::Lecture: return "lecture";
  }
  return "unknown";
}

static void check_fan(int64_t fan, const char* what, const Shape& shape) {
  if (fan <= 0)
    throw Error(std::string("init: ") + what + " must be positive, got " + std::to_string(fan) +
                " for a tensor of shape " + to_string(shape));
}

Tensor init_weight(Generator& gen, const Shape& shape, int64_t fan_in, int64_t fan_out, Init init,
                   DType dtype) {
  switch (init) {
    case Init::PyTorch: {
      check_fan(fan_in, "fan_in", shape);
      const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
      return gen.uniform(shape, -bound, bound, dtype);
    }
    case Init::Keras: {
      check_fan(fan_in + fan_out, "fan_in + fan_out", shape);
      const double limit = std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
      return gen.uniform(shape, -limit, limit, dtype);
    }
    case Init::Lecture:
      check_fan(fan_in, "fan_in", shape);
      return gen.normal(shape, 0, 1.0 / std::sqrt(static_cast<double>(fan_in)), dtype);
  }
  throw Error("init_weight: unknown initialiser");
}

Tensor init_bias(Generator& gen, const Shape& shape, int64_t fan_in, Init init, DType dtype) {
  if (init != Init::PyTorch) return zeros(shape, dtype);
  check_fan(fan_in, "fan_in", shape);
  const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
  return gen.uniform(shape, -bound, bound, dtype);
}

}  // namespace ripple
