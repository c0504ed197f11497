// The two loops every kernel is built from: dtype dispatch and a strided walk.
//
//   dispatch_float(t.dtype(), "tanh", [&]<class T>() { ... T is float or double ... });
//   for_each_strided(shape, {out_strides, a_strides}, [&](const int64_t* off, int64_t n,
//                                                       const int64_t* step) { ... });
//
// for_each_strided visits an n-d index space in row-major order, handing the callback one
// innermost row at a time: the element offsets of each operand at the row's start, the row
// length and each operand's step along it. A broadcast operand has stride 0, so the same walk
// serves elementwise ops, broadcasting and reductions.
#pragma once

#include <array>
#include <string>

#include "shape.h"

namespace ripple {

template <class F>
decltype(auto) dispatch_float(DType dtype, const char* op, F&& f) {
  switch (dtype) {
    case DType::Float32: return f.template operator()<float>();
    case DType::Float64: return f.template operator()<double>();
    default: break;
  }
  throw Error(std::string(op) + ": expected a float32 or float64 tensor, got " +
              dtype_name(dtype));
}

template <class F>
decltype(auto) dispatch_all(DType dtype, F&& f) {
  switch (dtype) {
    case DType::Float32: return f.template operator()<float>();
    case DType::Float64: return f.template operator()<double>();
    case DType::Int64: break;
  }
  return f.template operator()<int64_t>();
}

// Strides of `strides` (belonging to `shape`) seen from the broadcast shape `to`: aligned on
// the right, 0 where the operand is broadcast.
inline Shape broadcast_strides(const Shape& shape, const Shape& strides, const Shape& to) {
  Shape out(to.size(), 0);
  size_t lead = to.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i)
    out[lead + i] = shape[i] == 1 ? 0 : strides[i];
  return out;
}

// Merges neighbouring dims that every operand walks as one (stride[d] == stride[d+1] * size[d+1]),
// so that a contiguous (32, 4, 128) walk becomes one row of 16384 elements.
template <size_t N>
void coalesce_dims(Shape& shape, std::array<Shape, N>& strides) {
  size_t out = 0;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1 && shape.size() > 1) continue;
    bool merge = out > 0;
    for (size_t k = 0; merge && k < N; ++k)
      merge = strides[k][out - 1] == strides[k][d] * shape[d];
    if (merge) {
      shape[out - 1] *= shape[d];
      for (size_t k = 0; k < N; ++k) strides[k][out - 1] = strides[k][d];
    } else {
      shape[out] = shape[d];
      for (size_t k = 0; k < N; ++k) strides[k][out] = strides[k][d];
      ++out;
    }
  }
  if (out == 0 && !shape.empty()) out = 1;  // all dims were 1
  shape.resize(out);
  for (size_t k = 0; k < N; ++k) strides[k].resize(out);
}

template <size_t N, class F>
void for_each_strided(Shape shape, std::array<Shape, N> strides, F&& row) {
  for (int64_t s : shape)
    if (s == 0) return;
  coalesce_dims(shape, strides);
  const size_t nd = shape.size();
  std::array<int64_t, N> off{}, step{};
  if (nd == 0) {
    row(off.data(), int64_t{1}, step.data());
    return;
  }
  const int64_t inner = shape[nd - 1];
  for (size_t k = 0; k < N; ++k) step[k] = strides[k][nd - 1];
  int64_t idx[16] = {0};
  if (nd > 16) throw Error("for_each_strided: more than 16 dims");
  while (true) {
    row(off.data(), inner, step.data());
    // increment the outer index (all dims but the last), carrying like an odometer
    size_t d = nd - 1;
    while (d-- > 0) {
      ++idx[d];
      for (size_t k = 0; k < N; ++k) off[k] += strides[k][d];
      if (idx[d] < shape[d]) break;
      for (size_t k = 0; k < N; ++k) off[k] -= strides[k][d] * shape[d];
      idx[d] = 0;
    }
    if (d == static_cast<size_t>(-1)) return;
  }
}

}  // namespace ripple
