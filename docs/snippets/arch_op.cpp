// ARCHITECTURE.md, worked example 1: a new differentiable op, softplus(x) = log(1 + e^x).
// In the library it would go into autograd/elementwise.cpp, declared in autograd/ops.h, with a
// gradcheck in tests/autograd/test_gradcheck.cpp; here it lives beside its check.
#include <cstdio>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

// doc-begin op
// softplus(x) = log(1 + e^x), computed stably as relu(x) + log(1 + e^-|x|).
// d/dx softplus(x) = sigmoid(x), so the backward rule is g * sigmoid(x).
Tensor softplus(const Tensor& x) {
  const Tensor v = x.detach();  // the forward pass records nothing: detached inputs
  Tensor out = relu(v) + log(1.0 + exp(-abs(v)));
  return record("softplus", out, {x}, [v](const Tensor& g) {  // captures the input, never `out`
    return std::vector<Tensor>{g * sigmoid(v)};
  });
}
// doc-end op

int main() {
  // doc-begin check
  Generator gen(0);
  Tensor x = gen.normal({3, 4}, 0, 3, DType::Float64);  // float64: tight finite differences
  GradcheckResult r = gradcheck([](const std::vector<Tensor>& in) { return softplus(in[0]); }, {x});
  std::printf("softplus gradcheck: ok = %d, max error below 1e-8: %d\n", r.ok, r.max_abs_error < 1e-8);
  std::printf("softplus(0) = %.6f (log 2), softplus(30) = %.1f\n",
              softplus(scalar(0.0, DType::Float64)).item(), softplus(scalar(30.0, DType::Float64)).item());
  // doc-end check
  return 0;
}
