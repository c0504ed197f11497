/// @file
/// Generator: an explicit, seeded source of random numbers (no hidden global RNG).
///
/// @code{.cpp}
///   Generator g(42);
///   Tensor w = g.normal({27, 24});             // N(0, 1), float32
///   Tensor ix = g.randint(0, 182625, {32});    // int64 batch indices
/// @endcode
///
/// The stream is xoshiro256** seeded through splitmix64, and normals come from Box-Muller, all
/// written here rather than taken from `<random>`, so the same seed gives the same numbers with
/// every compiler and standard library.
#pragma once

#include <array>
#include <cstdint>

#include "tensor.h"

namespace ripple {

/// An explicit, seeded random number generator (xoshiro256**); see generator.h.
class Generator {
 public:
  explicit Generator(uint64_t seed = 0) { manual_seed(seed); }
  void manual_seed(uint64_t seed);  ///< restarts the stream from `seed`

  uint64_t next_u64();                     ///< 64 random bits
  double uniform01();                      ///< [0, 1) with 53 random bits
  double normal01();                       ///< N(0, 1); one Box-Muller pair, the sine half unused
  int64_t randint(int64_t low, int64_t high);  ///< uniform in [low, high), unbiased

  /// U(low, high) in a new float tensor of `shape`.
  Tensor uniform(const Shape& shape, double low = 0, double high = 1,
                 DType dtype = DType::Float32);
  /// N(mean, stddev^2) in a new float tensor of `shape`.
  Tensor normal(const Shape& shape, double mean = 0, double stddev = 1,
                DType dtype = DType::Float32);
  Tensor randint(int64_t low, int64_t high, const Shape& shape);  ///< int64
  /// Draws `num_samples` category indices (with replacement) from each row of `probs`
  /// ((K,) or (N, K), non-negative, need not sum to 1). Returns int64 (num_samples,) or
  /// (N, num_samples).
  Tensor multinomial(const Tensor& probs, int64_t num_samples);
  Tensor permutation(int64_t n);  ///< int64, a random order of 0..n-1

  /// The full state, so a checkpoint can resume the exact same stream. (No Box-Muller value is
  /// cached between calls, so these four words really are everything.)
  std::array<uint64_t, 4> state() const { return s_; }
  void set_state(const std::array<uint64_t, 4>& s) { s_ = s; }  ///< resumes from a state()

 private:
  std::array<uint64_t, 4> s_{};
};

}  // namespace ripple
