// Autograd, exercise 3: gradcheck a function you might write, and see it catch a wrong rule.
#include <cstdio>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // softplus(x) = log(1 + e^x), built from ops: its gradient is sigmoid(x), which autograd
  // derives through exp, add and log.
  auto softplus = [](const std::vector<Tensor>& in) { return log(1.0 + exp(in[0])); };
  Generator gen(0);
  Tensor x = gen.normal({4, 3}, 0, 2, DType::Float64);
  GradcheckResult good = gradcheck(softplus, {x});
  std::printf("softplus from ops:   %s\n", good.ok ? "ok" : "FAILED");
  // The same values with a wrong gradient: e^x * x / x, with e^x and the divisor detached, has
  // derivative e^x / x where e^x is right, as a hand-written rule with a wrong factor would.
  // gradcheck compares with central finite differences and fails.
  auto broken = [](const std::vector<Tensor>& in) {
    return log(1.0 + exp(in[0]).detach() * in[0] / in[0].detach());
  };
  GradcheckResult bad = gradcheck(broken, {x});
  std::printf("with a broken rule:  %s\n", bad.ok ? "ok (?!)" : "FAILED, as it should");
  // doc-end solution
  return 0;
}
