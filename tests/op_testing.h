// Helpers shared by the tests of ops, layers and models: random float64 inputs, gradient checks of
// ops and of a module's own parameters, and the text of a ripple::Error.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "autograd/gradcheck.h"
#include "autograd/ops.h"
#include "core/generator.h"
#include "layers/module.h"

namespace ripple::testing {

using Inputs = std::vector<Tensor>;

inline Tensor randn(const Shape& shape, uint64_t seed) {
  Generator g(seed);
  return g.normal(shape, 0, 1, DType::Float64);
}

// gradcheck of f at `inputs`; `what` names the case in a failure.
inline void expect_gradcheck(const std::function<Tensor(const Inputs&)>& f, const Inputs& inputs,
                             const std::string& what = "") {
  GradcheckResult r = gradcheck(f, inputs);
  EXPECT_TRUE(r.ok) << what << (what.empty() ? "" : ": ") << r.message << " (max error "
                    << r.max_abs_error << ")";
}

// The message of the ripple::Error that f throws, or a note that it threw none.
inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no ripple::Error thrown)";
}

// f throws a ripple::Error whose message contains `text`.
inline void expect_error_containing(const std::function<void()>& f, const std::string& text) {
  const std::string message = error_of(f);
  EXPECT_NE(message.find(text), std::string::npos)
      << "message: " << message << "\nexpected to contain: " << text;
}

inline std::vector<std::string> names(const NamedTensors& named) {
  std::vector<std::string> out;
  for (const auto& [name, t] : named) out.push_back(name);
  return out;
}

inline void expect_same_values(const Tensor& got, const Tensor& want, double tol = 1e-12) {
  ASSERT_EQ(got.shape(), want.shape());
  std::vector<double> g = got.to_vector<double>(), w = want.to_vector<double>();
  for (size_t i = 0; i < w.size(); ++i) EXPECT_NEAR(g[i], w[i], tol) << "element " << i;
}

// gradcheck's module-level counterpart: central differences on every parameter of `model`,
// perturbed in place, against the gradients backward() leaves in the parameters, for the scalar
// sum(model(x) * R). (gradcheck itself clones its inputs, so it cannot reach a module's own
// parameters.)
inline GradcheckResult parameter_gradcheck(Module& model, const Tensor& x) {
  const GradcheckOptions opt;
  model.zero_grad();
  Tensor out = model(x);
  Generator gen(opt.seed);
  const Tensor r = gen.normal(out.shape(), 0, 1, DType::Float64);
  auto objective = [&] { return sum(mul(model(x), r)).item(); };
  sum(mul(out, r)).backward();

  GradcheckResult result;
  NoGradGuard no_grad;
  for (auto& [name, p] : model.named_parameters()) {
    Tensor analytic = p.grad();
    for (int64_t i = 0; i < p.numel(); ++i) {
      const double orig = p.at_flat(i);
      p.set_flat(i, orig + opt.eps);
      const double plus = objective();
      p.set_flat(i, orig - opt.eps);
      const double minus = objective();
      p.set_flat(i, orig);
      const double numeric = (plus - minus) / (2 * opt.eps);
      const double got = analytic.defined() ? analytic.at_flat(i) : 0.0;
      const double err = std::abs(got - numeric);
      if (!(err <= opt.atol + opt.rtol * std::abs(numeric)) && result.ok) {
        result.ok = false;
        result.message = name + " element " + std::to_string(i) + ": autograd " +
                         std::to_string(got) + ", finite difference " + std::to_string(numeric);
      }
      result.max_abs_error = std::max(result.max_abs_error, err);
    }
  }
  return result;
}

}  // namespace ripple::testing
