/// @file
/// Weight and bias initialisers shared by the layers (Conv1d, Linear, ...).
///
/// Three schemes, each drawing from the Generator it is given (no hidden global RNG):
/// @code{.unparsed}
///   Init::PyTorch  weight and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))  (torch.nn defaults)
///   Init::Keras    weight ~ glorot uniform U(-l, l), l = sqrt(6 / (fan_in + fan_out)); bias 0
///   Init::Lecture  weight ~ N(0, 1) / sqrt(fan_in) (the makemore lecture); bias 0
/// @endcode
/// fan_in / fan_out count the inputs / outputs feeding one unit: for Linear(in, out) they are
/// in and out; for Conv1d with kernel K they are K * C_in and K * C_out.
///
/// @code{.cpp}
///   Generator gen(42);
///   Tensor w = init_weight(gen, {3, 1, 64}, 3, 192, Init::Keras);
///   Tensor b = init_bias(gen, {64}, 3, Init::Keras);   // zeros
/// @endcode
#pragma once

#include <cstdint>

#include "../core/generator.h"
#include "../core/tensor.h"

namespace ripple {

/// The initialisation schemes, described in init.h.
enum class Init { PyTorch, Keras, Lecture };

/// "pytorch", "keras", "lecture": for describe() strings and error messages.
const char* init_name(Init init);

/// A new tensor of `shape` drawn by `init`. Throws ripple::Error if fan_in (or, for Keras,
/// fan_in + fan_out) is not positive.
Tensor init_weight(Generator& gen, const Shape& shape, int64_t fan_in, int64_t fan_out, Init init,
                   DType dtype = DType::Float32);

/// A new bias of `shape`: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for PyTorch (draws from gen), zeros
/// otherwise (draws nothing). Throws ripple::Error if fan_in is not positive (PyTorch only).
Tensor init_bias(Generator& gen, const Shape& shape, int64_t fan_in, Init init,
                 DType dtype = DType::Float32);

}  // namespace ripple
