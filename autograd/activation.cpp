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

// float32 through core/fastmath.h (vectorisable, one divide for the pair), float64 through libm
// (exact for gradient checks).
template <class R>
static void tanh_sigmoid(R a, R b, R& t, R& s) {
  if constexpr (std::is_same_v<R, float>) {
    fast::tanh_sigmoid(a, b, t, s);
  } else {
    t = std::tanh(a);
    s = R(1) / (R(1) + std::exp(-b));
  }
}

// The forward pass keeps t and s, in the layout of x ((..., 2C): t where a was, s where b was),
// when the gradient is needed, so that the backward pass is multiplies alone.
Tensor gated_activation(const Tensor& x) {
  if (x.dim() == 0 || x.size(-1) % 2 != 0)
    throw Error("gated_activation: expected input (..., 2C) with an even last dim, got " +
                to_string(x.shape()));
  const int64_t C = x.size(-1) / 2, rows = C == 0 ? 0 : x.numel() / (2 * C);
  Shape out_shape = x.shape();
  out_shape.back() = C;
  const Tensor xc = kernel::contiguous(x);
  Tensor out = empty(out_shape, x.dtype());
  const bool keep = needs_grad({&x});
  Tensor ts = keep ? empty(xc.shape(), xc.dtype()) : Tensor();
  dispatch_float(x.dtype(), "gated_activation", [&]<class R>() {
    const R* px = xc.data<R>();
    R* py = out.data<R>();
    R* pts = keep ? ts.data<R>() : nullptr;
    for (int64_t r = 0; r < rows; ++r) {
      const R* __restrict a = px + r * 2 * C;
      const R* __restrict b = a + C;
      R* __restrict y = py + r * C;
      if (pts) {
        R* __restrict t = pts + r * 2 * C;
        R* __restrict s = t + C;
        for (int64_t c = 0; c < C; ++c) {
          tanh_sigmoid(a[c], b[c], t[c], s[c]);
          y[c] = t[c] * s[c];
        }
      } else {
        for (int64_t c = 0; c < C; ++c) {
          R t, s;
          tanh_sigmoid(a[c], b[c], t, s);
          y[c] = t * s;
        }
      }
    }
  });
  return record("gated_activation", out, {x}, [ts, C, rows](const Tensor& grad) {
    const Tensor g = kernel::contiguous(grad);
    Tensor dx = empty(ts.shape(), ts.dtype());
    dispatch_float(ts.dtype(), "gated_activation", [&]<class R>() {
      const R* pts = ts.data<R>();
      const R* pg = g.data<R>();
      R* pd = dx.data<R>();
      for (int64_t r = 0; r < rows; ++r) {
        const R* __restrict t = pts + r * 2 * C;
        const R* __restrict s = t + C;
        const R* __restrict gr = pg + r * C;
        R* __restrict da = pd + r * 2 * C;
        R* __restrict db = da + C;
        for (int64_t c = 0; c < C; ++c) {
          da[c] = gr[c] * s[c] * (R(1) - t[c] * t[c]);
          db[c] = gr[c] * t[c] * s[c] * (R(1) - s[c]);
        }
      }
    });
    return std::vector<Tensor>{dx};
  });
}

}  // namespace ripple
