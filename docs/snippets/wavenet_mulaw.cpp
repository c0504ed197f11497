// The paper's WaveNet, chapter 8: mu-law companding to 256 classes and back, and the 256-way
// softmax that predicts them.
#include <cmath>
#include <cstdio>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

// doc-begin mulaw
constexpr double kMu = 255;  // 256 classes: 0 .. 255

// F(x) = sign(x) ln(1 + mu |x|) / ln(1 + mu), for x in [-1, 1]: fine steps near 0, coarse ones
// near +-1, as a logarithm spends its resolution.
double compand(double x) {
  return std::copysign(std::log1p(kMu * std::fabs(x)) / std::log1p(kMu), x);
}
// Its inverse: F^-1(y) = sign(y) ((1 + mu)^|y| - 1) / mu.
double expand(double y) {
  return std::copysign(std::expm1(std::fabs(y) * std::log1p(kMu)) / kMu, y);
}

// [-1, 1] -> the nearest of 256 evenly spaced levels, numbered 0 .. 255, and back.
int64_t to_class(double y) { return std::lround((y + 1) / 2 * kMu); }
double from_class(int64_t q) { return 2.0 * static_cast<double>(q) / kMu - 1; }
// doc-end mulaw

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

int main() {
  output_region("begin", "roundtrip");
  // doc-begin roundtrip
  const std::vector<double> signal = {0.9, 0.3, 0.1, 0.03, 0.01, 0.003, 0.0, -0.02, -0.5};
  std::vector<int64_t> classes;
  std::printf("     x   F(x)  class  expanded  error\n");
  for (double x : signal) {
    const int64_t q = to_class(compand(x));
    const double back = expand(from_class(q));
    classes.push_back(q);
    std::printf("%6.3f %6.3f  %5lld  %8.5f  %+.1e\n", x, compand(x), static_cast<long long>(q),
                back, back - x);
  }
  // doc-end roundtrip
  output_region("end", "roundtrip");

  output_region("begin", "softmax");
  // doc-begin softmax
  // The model's output at each step: 256 logits, a softmax over the classes, cross-entropy
  // against the next sample's class. A model that knows nothing spreads 1/256 everywhere.
  const auto n = static_cast<int64_t>(classes.size());
  Tensor targets = from_vector(classes, {n});
  Tensor know_nothing = zeros({n, 256});
  Tensor confident = zeros({n, 256});
  for (int64_t i = 0; i < n; ++i)
    confident.set_flat(i * 256 + classes[static_cast<size_t>(i)], 8.0);  // row i, column q
  std::printf("uniform logits: loss %.4f (ln 256 = %.4f)\n",
              cross_entropy(know_nothing, targets).item(), std::log(256.0));
  std::printf("logit 8 on the right class: loss %.4f, p(right) %.3f\n",
              cross_entropy(confident, targets).item(),
              softmax(confident, 1).at({0, classes[0]}));
  // doc-end softmax
  output_region("end", "softmax");
  return 0;
}
