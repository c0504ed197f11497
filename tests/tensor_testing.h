// Shared by the tensor and autograd tests: a tensor's elements against expected values.
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "core/tensor.h"

namespace ripple::testing {

// Every element of t (row-major) within tol of want, and as many of them.
inline void expect_values(const Tensor& t, const std::vector<double>& want, double tol = 1e-6) {
  ASSERT_TRUE(t.defined()) << "undefined tensor";
  const std::vector<double> got = t.to_vector<double>();
  ASSERT_EQ(got.size(), want.size()) << "shape " << to_string(t.shape());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "element " << i;
}

}  // namespace ripple::testing
