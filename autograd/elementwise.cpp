// Elementwise ops and their gradients.
//
// With y = f(x) and g = dL/dy, each rule gives dL/dx (broadcast inputs are summed back to their
// own shape by the engine):
//   add: g, g          sub: g, -g          mul: g*b, g*a        div: g/b, -g*a/b^2
//   neg: -g            pow: g*e*x^(e-1)    exp: g*y             log: g/x
//   tanh: g*(1-y^2)    sigmoid: g*y*(1-y)  relu: g*[x>0]        sqrt: g/(2y)
//   abs: g*sign(x)     clamp: g*[lo<=x<=hi]                      where: g where c, 0 elsewhere
#include <cmath>
#include <type_traits>

#include "autograd/ops.h"
#include "core/elementwise.h"
#include "core/fastmath.h"

namespace ripple {

using kernel::map;
using kernel::zip;

// float32 goes through the vectorisable versions of core/fastmath.h, float64 through libm.
template <class T>
T exp_of(T v) {
  if constexpr (std::is_same_v<T, float>) return fast::exp(v);
  else return std::exp(v);
}

Tensor add(const Tensor& a, const Tensor& b) {
  Tensor out = zip(a, b, "add", [](auto p, auto q) { return p + q; });
  return record("add", out, {a, b}, [](const Tensor& g) { return std::vector<Tensor>{g, g}; });
}

Tensor sub(const Tensor& a, const Tensor& b) {
  Tensor out = zip(a, b, "sub", [](auto p, auto q) { return p - q; });
  return record("sub", out, {a, b}, [](const Tensor& g) { return std::vector<Tensor>{g, neg(g)}; });
}

Tensor mul(const Tensor& a, const Tensor& b) {
  Tensor out = zip(a, b, "mul", [](auto p, auto q) { return p * q; });
  return record("mul", out, {a, b}, [a = a.detach(), b = b.detach()](const Tensor& g) {
    return std::vector<Tensor>{mul(g, b), mul(g, a)};
  });
}

Tensor div(const Tensor& a, const Tensor& b) {
  Tensor out = zip(a, b, "div", [](auto p, auto q) { return p / q; });
  return record("div", out, {a, b}, [a = a.detach(), b = b.detach()](const Tensor& g) {
    Tensor ga = div(g, b);
    return std::vector<Tensor>{ga, neg(mul(ga, div(a, b)))};
  });
}

Tensor neg(const Tensor& x) {
  Tensor out = map(x, "neg", [](auto v) { return -v; });
  return record("neg", out, {x}, [](const Tensor& g) { return std::vector<Tensor>{neg(g)}; });
}

Tensor pow(const Tensor& x, double e) {
  Tensor out = map(x, "pow", [e](auto v) { return static_cast<decltype(v)>(std::pow(v, e)); });
  return record("pow", out, {x}, [x = x.detach(), e](const Tensor& g) {
    return std::vector<Tensor>{zip(g, x, "pow_backward", [e](auto gv, auto xv) {
      using T = decltype(gv);
      // x^0 is constant; without the test, 0 * 0^-1 would give NaN at x = 0
      return e == 0 ? T(0) : static_cast<T>(gv * e * std::pow(xv, e - 1));
    })};
  });
}

Tensor exp(const Tensor& x) {
  Tensor out = map(x, "exp", [](auto v) { return exp_of(v); });
  return record("exp", out, {x}, [y = out.detach()](const Tensor& g) {
    return std::vector<Tensor>{mul(g, y)};
  });
}

Tensor log(const Tensor& x) {
  Tensor out = map(x, "log", [](auto v) { return std::log(v); });
  return record("log", out, {x}, [x = x.detach()](const Tensor& g) {
    return std::vector<Tensor>{div(g, x)};
  });
}

Tensor tanh(const Tensor& x) {
  Tensor out = map(x, "tanh", [](auto v) {
    if constexpr (std::is_same_v<decltype(v), float>) return fast::tanh(v);
    else return std::tanh(v);
  });
  return record("tanh", out, {x}, [y = out.detach()](const Tensor& g) {
    return std::vector<Tensor>{
        zip(g, y, "tanh_backward", [](auto gv, auto yv) { return gv * (1 - yv * yv); })};
  });
}

Tensor sigmoid(const Tensor& x) {
  Tensor out = map(x, "sigmoid", [](auto v) {
    if constexpr (std::is_same_v<decltype(v), float>) return fast::sigmoid(v);
    else return v >= 0 ? 1 / (1 + std::exp(-v)) : std::exp(v) / (1 + std::exp(v));  // no overflow
  });
  return record("sigmoid", out, {x}, [y = out.detach()](const Tensor& g) {
    return std::vector<Tensor>{
        zip(g, y, "sigmoid_backward", [](auto gv, auto yv) { return gv * yv * (1 - yv); })};
  });
}

Tensor relu(const Tensor& x) {
  Tensor out = map(x, "relu", [](auto v) { return v > 0 ? v : decltype(v)(0); });
  return record("relu", out, {x}, [y = out.detach()](const Tensor& g) {
    return std::vector<Tensor>{
        zip(g, y, "relu_backward", [](auto gv, auto yv) { return yv > 0 ? gv : decltype(gv)(0); })};
  });
}

Tensor sqrt(const Tensor& x) {
  Tensor out = map(x, "sqrt", [](auto v) { return std::sqrt(v); });
  return record("sqrt", out, {x}, [y = out.detach()](const Tensor& g) {
    return std::vector<Tensor>{
        zip(g, y, "sqrt_backward", [](auto gv, auto yv) { return gv / (2 * yv); })};
  });
}

Tensor abs(const Tensor& x) {
  Tensor out = map(x, "abs", [](auto v) { return std::abs(v); });
  return record("abs", out, {x}, [x = x.detach()](const Tensor& g) {
    return std::vector<Tensor>{zip(g, x, "abs_backward", [](auto gv, auto xv) {
      return xv > 0 ? gv : xv < 0 ? -gv : decltype(gv)(0);
    })};
  });
}

Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b) {
  Tensor c = kernel::to_dtype(cond, a.dtype());
  Tensor out = kernel::zip3(c, a, b, "where", [](auto cv, auto av, auto bv) { return cv != 0 ? av : bv; });
  return record("where", out, {cond, a, b}, [c = c.detach()](const Tensor& g) {
    Tensor zero = zeros({}, g.dtype());
    return std::vector<Tensor>{Tensor(), where(c, g, zero), where(c, zero, g)};
  });
}

Tensor clamp(const Tensor& x, double low, double high) {
  if (low > high)
    throw Error("clamp: low " + std::to_string(low) + " is above high " + std::to_string(high));
  Tensor out = map(x, "clamp", [low, high](auto v) {
    using T = decltype(v);
    return v < T(low) ? T(low) : v > T(high) ? T(high) : v;
  });
  return record("clamp", out, {x}, [x = x.detach(), low, high](const Tensor& g) {
    return std::vector<Tensor>{zip(g, x, "clamp_backward", [low, high](auto gv, auto xv) {
      using T = decltype(gv);
      return xv >= T(low) && xv <= T(high) ? gv : T(0);
    })};
  });
}

#define RIPPLE_COMPARE(name, expr)                                                             \
  Tensor name(const Tensor& a, const Tensor& b) {                                              \
    return zip<true>(a, b, #name, [](auto p, auto q) { return decltype(p)((expr) ? 1 : 0); }); \
  }
RIPPLE_COMPARE(eq, p == q)
RIPPLE_COMPARE(ne, p != q)
RIPPLE_COMPARE(lt, p < q)
RIPPLE_COMPARE(le, p <= q)
RIPPLE_COMPARE(gt, p > q)
RIPPLE_COMPARE(ge, p >= q)
#undef RIPPLE_COMPARE

Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor operator-(const Tensor& x) { return neg(x); }
Tensor operator+(const Tensor& a, double s) { return add(a, scalar(s, a.dtype())); }
Tensor operator-(const Tensor& a, double s) { return sub(a, scalar(s, a.dtype())); }
Tensor operator*(const Tensor& a, double s) { return mul(a, scalar(s, a.dtype())); }
Tensor operator/(const Tensor& a, double s) { return div(a, scalar(s, a.dtype())); }
Tensor operator+(double s, const Tensor& a) { return add(scalar(s, a.dtype()), a); }
Tensor operator-(double s, const Tensor& a) { return sub(scalar(s, a.dtype()), a); }
Tensor operator*(double s, const Tensor& a) { return mul(scalar(s, a.dtype()), a); }
Tensor operator/(double s, const Tensor& a) { return div(scalar(s, a.dtype()), a); }

}  // namespace ripple
