// Chapter 2: checking gradients against central finite differences in float64.
#include <cmath>
#include <cstdio>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

// doc-begin bad_square
// x^2 with a deliberately wrong backward rule: g * x instead of g * 2x.
static Tensor bad_square(const Tensor& x) {
  Tensor out = x.detach() * x.detach();  // computed without recording
  return record("bad_square", out, {x}, [x = x.detach()](const Tensor& g) {
    return std::vector<Tensor>{g * x};
  });
}
// doc-end bad_square

int main() {
  output_region("begin", "by_hand");
  // doc-begin by_hand
  // d tanh(x)/dx at x = 0.5, three ways
  const double x0 = 0.5, eps = 1e-6;
  const double numeric = (std::tanh(x0 + eps) - std::tanh(x0 - eps)) / (2 * eps);
  Tensor x = scalar(x0, DType::Float64);
  x.requires_grad_();
  tanh(x).backward();
  std::printf("central difference %.8f\n", numeric);
  std::printf("autograd           %.8f\n", x.grad().item());
  std::printf("1 - tanh(x)^2      %.8f\n", 1 - std::tanh(x0) * std::tanh(x0));
  // doc-end by_hand
  output_region("end", "by_hand");

  output_region("begin", "gradcheck");
  // doc-begin gradcheck
  Generator gen(0);
  Tensor a = gen.normal({3, 4}, 0, 1, DType::Float64);
  Tensor b = gen.normal({4, 2}, 0, 1, DType::Float64);
  auto good = [](const std::vector<Tensor>& in) { return tanh(matmul(in[0], in[1])); };
  auto bad = [](const std::vector<Tensor>& in) { return bad_square(in[0]); };
  GradcheckResult ok = gradcheck(good, {a, b});
  GradcheckResult wrong = gradcheck(bad, {a});
  std::printf("tanh(a @ b):   ok = %d, max error below 1e-8: %d\n", ok.ok, ok.max_abs_error < 1e-8);
  std::printf("bad_square(a): ok = %d, max error %.3f\n", wrong.ok, wrong.max_abs_error);
  // doc-end gradcheck
  output_region("end", "gradcheck");
  return 0;
}
