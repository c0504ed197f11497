// Elementwise kernels as templates over a functor, so each op's loop is compiled with its math
// inlined. Used by autograd/elementwise.cpp and the fused layer ops.
//
//   Tensor y = kernel::map(x, "tanh", [](auto v) { return std::tanh(v); });
//   Tensor z = kernel::zip(a, b, "add", [](auto p, auto q) { return p + q; });  // broadcasts
#pragma once

#include <string>

#include "loops.h"
#include "tensor.h"

namespace ripple::kernel {

inline void check_same_dtype(const Tensor& a, const Tensor& b, const char* op) {
  if (a.dtype() != b.dtype())
    throw Error(std::string(op) + ": dtype mismatch, " + dtype_name(a.dtype()) + " " +
                to_string(a.shape()) + " and " + dtype_name(b.dtype()) + " " +
                to_string(b.shape()));
}

// out[i] = f(x[i]); out is a new contiguous tensor of x's shape and dtype.
template <class F>
Tensor map(const Tensor& x, const char* op, F f) {
  Tensor out = empty(x.shape(), x.dtype());
  dispatch_float(x.dtype(), op, [&]<class T>() {
    T* o = out.data<T>();
    const T* p = x.data<T>();
    if (x.is_contiguous()) {
      const int64_t n = x.numel();
      for (int64_t i = 0; i < n; ++i) o[i] = f(p[i]);
      return;
    }
    for_each_strided<2>(x.shape(), {out.strides(), x.strides()},
                        [&](const int64_t* off, int64_t n, const int64_t* step) {
                          for (int64_t i = 0; i < n; ++i) o[off[0] + i] = f(p[off[1] + i * step[1]]);
                        });
  });
  return out;
}

// out = f(a, b) with NumPy broadcasting. Float32/float64 only, unless AnyDType (comparisons,
// which also take int64 indices).
template <bool AnyDType = false, class F>
Tensor zip(const Tensor& a, const Tensor& b, const char* op, F f) {
  check_same_dtype(a, b, op);
  Shape shape = a.shape() == b.shape() ? a.shape() : broadcast_shapes(a.shape(), b.shape(), op);
  Tensor out = empty(shape, a.dtype());
  auto dispatch = [&](auto&& body) {
    if constexpr (AnyDType) dispatch_all(a.dtype(), body);
    else dispatch_float(a.dtype(), op, body);
  };
  dispatch([&]<class T>() {
    T* o = out.data<T>();
    const T* pa = a.data<T>();
    const T* pb = b.data<T>();
    if (a.shape() == b.shape() && a.is_contiguous() && b.is_contiguous()) {
      const int64_t n = out.numel();
      for (int64_t i = 0; i < n; ++i) o[i] = f(pa[i], pb[i]);
      return;
    }
    for_each_strided<3>(
        shape,
        {out.strides(), broadcast_strides(a.shape(), a.strides(), shape),
         broadcast_strides(b.shape(), b.strides(), shape)},
        [&](const int64_t* off, int64_t n, const int64_t* step) {
          T* po = o + off[0];
          const T* x = pa + off[1];
          const T* y = pb + off[2];
          if (step[1] == 1 && step[2] == 1) {
            for (int64_t i = 0; i < n; ++i) po[i] = f(x[i], y[i]);
          } else if (step[1] == 1 && step[2] == 0) {
            const T yv = *y;
            for (int64_t i = 0; i < n; ++i) po[i] = f(x[i], yv);
          } else if (step[1] == 0 && step[2] == 1) {
            const T xv = *x;
            for (int64_t i = 0; i < n; ++i) po[i] = f(xv, y[i]);
          } else {
            for (int64_t i = 0; i < n; ++i) po[i] = f(x[i * step[1]], y[i * step[2]]);
          }
        });
  });
  return out;
}

// out = f(a, b, c) with broadcasting of all three (where, and fused backward rules).
template <class F>
Tensor zip3(const Tensor& a, const Tensor& b, const Tensor& c, const char* op, F f) {
  check_same_dtype(a, b, op);
  check_same_dtype(a, c, op);
  Shape shape = broadcast_shapes(broadcast_shapes(a.shape(), b.shape(), op), c.shape(), op);
  Tensor out = empty(shape, a.dtype());
  dispatch_float(a.dtype(), op, [&]<class T>() {
    T* o = out.data<T>();
    const T* pa = a.data<T>();
    const T* pb = b.data<T>();
    const T* pc = c.data<T>();
    for_each_strided<4>(
        shape,
        {out.strides(), broadcast_strides(a.shape(), a.strides(), shape),
         broadcast_strides(b.shape(), b.strides(), shape),
         broadcast_strides(c.shape(), c.strides(), shape)},
        [&](const int64_t* off, int64_t n, const int64_t* step) {
          for (int64_t i = 0; i < n; ++i)
            o[off[0] + i] = f(pa[off[1] + i * step[1]], pb[off[2] + i * step[2]],
                              pc[off[3] + i * step[3]]);
        });
  });
  return out;
}

}  // namespace ripple::kernel
