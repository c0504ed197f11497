// The PyTorch reference fixtures: tests/fixtures/NAME.json, written by
// tests/fixtures/make_NAME.py with PyTorch in float64, read here the same way by every
// reference test (core ops, layers, conv1d, optimizers).
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace ripple::testing {

using json = nlohmann::json;

// tests/fixtures/NAME.json, parsed once. Throws naming the script that regenerates it.
inline const json& fixture(const std::string& name) {
  static std::map<std::string, json> cache;
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  const std::string path = std::string(RIPPLE_SOURCE_DIR) + "/tests/fixtures/" + name + ".json";
  std::ifstream in(path);
  if (!in)
    throw std::runtime_error("cannot open " + path + "; regenerate it with /usr/bin/python3 " +
                             "tests/fixtures/make_" + name + ".py");
  return cache[name] = json::parse(in);
}

// {"shape": [...], "data": [...]} -> a float64 tensor (0-d for shape []).
inline Tensor fixture_tensor(const json& j) {
  return from_vector(j.at("data").get<std::vector<double>>(), j.at("shape").get<Shape>());
}

// The same, as a leaf that requires grad.
inline Tensor fixture_leaf(const json& j) {
  Tensor t = fixture_tensor(j);
  t.requires_grad_();
  return t;
}

// `got` is float64, has `want`'s shape and every element within tol (relative for magnitudes
// above 1).
inline void expect_close(const Tensor& got, const json& want, const std::string& what,
                         double tol = 1e-10) {
  ASSERT_TRUE(got.defined()) << what << ": undefined tensor";
  ASSERT_EQ(got.dtype(), DType::Float64) << what;
  ASSERT_EQ(got.shape(), want.at("shape").get<Shape>()) << what;
  const std::vector<double> g = got.to_vector(), w = want.at("data").get<std::vector<double>>();
  for (size_t i = 0; i < w.size(); ++i)
    EXPECT_NEAR(g[i], w[i], tol * std::max(1.0, std::abs(w[i]))) << what << " element " << i;
}

}  // namespace ripple::testing
