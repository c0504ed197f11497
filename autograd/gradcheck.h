/// @file
/// gradcheck: compares autograd's gradients with central finite differences, in float64.
///
/// @code{.cpp}
///   auto f = [](const std::vector<Tensor>& in) { return tanh(matmul(in[0], in[1])); };
///   GradcheckResult r = gradcheck(f, {a, b});   // a, b: float64 leaves
///   EXPECT_TRUE(r.ok) << r.message;
/// @endcode
///
/// The scalar checked is sum(f(inputs) * R) for a fixed random R of f's output shape: a plain
/// sum(f) would hide errors that cancel across outputs (BatchNorm's gradient sums to zero, say).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "../core/tensor.h"

namespace ripple {

/// What gradcheck found.
struct GradcheckResult {
  bool ok = true;           ///< every element within tolerance
  double max_abs_error = 0;  ///< worst |analytic - numeric| over every input element
  std::string message;       ///< names the input and element of the worst mismatch
};

/// Step and tolerances of gradcheck.
struct GradcheckOptions {
  double eps = 1e-6;   ///< finite-difference step
  double atol = 1e-5;  ///< pass if |analytic - numeric| <= atol + rtol * |numeric|
  double rtol = 1e-4;  ///< see atol
  uint64_t seed = 1234;  ///< for R
};

/// Checks the gradient of f at `inputs` for every float input (int64 inputs are passed through
/// unchanged and not checked). Inputs are copied, so the caller's tensors are left as they are.
/// Throws ripple::Error if a float input is not float64.
GradcheckResult gradcheck(const std::function<Tensor(const std::vector<Tensor>&)>& f,
                          const std::vector<Tensor>& inputs, const GradcheckOptions& options = {});

}  // namespace ripple
