/// @file
/// Shapes, strides, dtypes and the error type every ripple op throws.
///
/// A Shape is a list of sizes, outermost first: a batch of B sequences of T steps with C channels
/// is (B, T, C). Strides count elements (not bytes) to step one index along each dim.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

/// All of ripple: tensors, autograd, layers, optimizers and the apps' models (see ripple.h).
namespace ripple {

/// Sizes, outermost first: (B, T, C) is {B, T, C}. Also used for strides.
using Shape = std::vector<int64_t>;

/// The element types: float32 for training, float64 for gradient checks, int64 for indices.
enum class DType { Float32, Float64, Int64 };

/// Raised for every misuse of the public API: wrong shapes, dtypes, indices, files. The message
/// names the op and the shapes involved, e.g. "matmul: cannot multiply (32, 48) by (24, 128)".
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// "(32, 48)"; a 0-d shape prints as "()".
std::string to_string(const Shape& shape);
const char* dtype_name(DType dtype);  ///< "float32", "float64", "int64"
size_t dtype_size(DType dtype);  ///< bytes per element: 4 or 8

/// The product of the sizes; 1 for a 0-d shape. Throws for a negative size or a product beyond
/// int64 ("numel: shape (4611686018427387904, 3) has more than 2^63 elements").
int64_t numel(const Shape& shape);
/// a * b and a + b for sizes, throwing "what: a * b overflows a 64-bit count" instead of wrapping.
int64_t checked_mul(int64_t a, int64_t b, const char* what);
int64_t checked_add(int64_t a, int64_t b, const char* what);
Shape contiguous_strides(const Shape& shape);  ///< row-major strides, in elements

/// Maps a possibly negative dim (-1 is the last) into [0, ndim); throws naming `op` if out of range.
int64_t normalize_dim(int64_t dim, int64_t ndim, const char* op);

/// NumPy broadcasting: align trailing dims, sizes must match or be 1.
/// Throws "op: cannot broadcast (2, 3) with (4,)".
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op);

}  // namespace ripple
