// Chapter 9: per-window normalisation. RevIN around a model makes its forecast follow a window's
// level and scale: the same window 100 higher gets a forecast 100 higher.
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin norm
  Generator gen(7);
  auto linear = forecast::make_model({.kind = "linear", .window = 24, .outputs = 3}, gen);
  forecast::NormalizedForecaster model(linear, forecast::Norm::RevIN, /*features=*/1);
  NoGradGuard no_grad;
  const Tensor x = gen.normal({1, 24, 1});            // one window of 24 steps
  const Tensor y = model(x);                          // (1, 3): three steps ahead
  const Tensor y_shifted = model(x + 100.0);          // the same window, 100 higher
  const Tensor y_scaled = model(x * 2.0);             // twice as wide
  for (int64_t k = 0; k < 3; ++k)
    std::printf("step %lld: %8.4f   shifted %9.4f (- 100 = %7.4f)   scaled %8.4f (/ 2 = %7.4f)\n",
                static_cast<long long>(k + 1), y.at({0, k}), y_shifted.at({0, k}),
                y_shifted.at({0, k}) - 100, y_scaled.at({0, k}), y_scaled.at({0, k}) / 2);
  // doc-end norm
  return 0;
}
