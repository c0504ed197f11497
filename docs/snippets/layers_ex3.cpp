// Layers, exercise 3: the gain that keeps tanh layers at scale (the lecture's 5/3).
#include <cmath>
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // Ten layers h = tanh(h W), W ~ gain * N(0, 1) / sqrt(100). tanh squashes, so with gain 1 the
  // spread shrinks layer after layer; a gain a little above 1 makes up for it.
  Generator gen(0);
  const DType f64 = DType::Float64;
  Tensor x = gen.normal({500, 100}, 0, 1, f64);
  for (double gain : {0.5, 1.0, 5.0 / 3.0, 3.0}) {
    Tensor h = x;
    for (int layer = 0; layer < 10; ++layer)
      h = tanh(matmul(h, init_weight(gen, {100, 100}, 100, 100, Init::Lecture, f64) * gain));
    const double saturated = mean(to_dtype(gt(abs(h), full(h.shape(), 0.97, f64)), f64)).item();
    std::printf("gain %.2f: std after 10 layers %.3f, saturated (|h| > 0.97) %4.1f%%\n", gain,
                std::sqrt(var(h).item()), 100 * saturated);
  }
  // doc-end solution
  return 0;
}
