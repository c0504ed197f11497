// gated_activation, fused. With t = tanh(a), s = sigmoid(b) and G = dL/dy:
//   y  = t * s
//   da = g * s * (1 - t^2)
//   db = g * t * s * (1 - s)
#include <cmath>
#include <type_traits>

#include "autograd/ops.h"
#include "core/fastmath.h"
#include "core/loops.h"

namespace ripple {

// float32 through the vectorisable core/fastmath.h versions, float64 through libm (exact for
// gradient checks).
template <class R>
static R tanh_of(R v) {
  if constexpr (std::is_same_v<R, float>) return fast::tanh(v);
  else return std::tanh(v);
}
template <class R>
static R sigmoid_of(R v) {
  if constexpr (std::is_same_v<R, float>) return fast::sigmoid(v);
  else return R(1) / (R(1) + std::exp(-v));
}

Tensor gated_activation(const Tensor& x) {
  if (x.dim() == 0 || x.size(-1) % 2 != 0)
    throw Error("gated_activation: expected input (..., 2C) with an even last dim, got " +
                to_string(x.shape()));
  const int64_t C = x.size(-1) / 2, rows = C == 0 ? 0 : x.numel() / (2 * C);
  Shape out_shape = x.shape();
  out_shape.back() = C;
  const Tensor xc = kernel::contiguous(x);
  Tensor out = empty(out_shape, x.dtype());
  dispatch_float(x.dtype(), "gated_activation", [&]<class R>() {
    const R* px = xc.data<R>();
    R* py = out.data<R>();
    for (int64_t r = 0; r < rows; ++r) {
      const R* __restrict a = px + r * 2 * C;
      const R* __restrict b = a + C;
      R* __restrict y = py + r * C;
      for (int64_t c = 0; c < C; ++c) y[c] = tanh_of(a[c]) * sigmoid_of(b[c]);
    }
  });
  return record("gated_activation", out, {x}, [xc, C, rows](const Tensor& grad) {
    const Tensor g = kernel::contiguous(grad);
    Tensor dx = empty(xc.shape(), xc.dtype());
    dispatch_float(xc.dtype(), "gated_activation", [&]<class R>() {
      const R* px = xc.data<R>();
      const R* pg = g.data<R>();
      R* pd = dx.data<R>();
      for (int64_t r = 0; r < rows; ++r) {
        const R* __restrict a = px + r * 2 * C;
        const R* __restrict b = a + C;
        const R* __restrict gr = pg + r * C;
        R* __restrict da = pd + r * 2 * C;
        R* __restrict db = da + C;
        for (int64_t c = 0; c < C; ++c) {
          const R t = tanh_of(a[c]), s = sigmoid_of(b[c]);
          da[c] = gr[c] * s * (R(1) - t * t);
          db[c] = gr[c] * t * s * (R(1) - s);
        }
      }
    });
    return std::vector<Tensor>{dx};
  });
}

}  // namespace ripple
