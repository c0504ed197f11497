// Forecasting, exercise 3: normalising each window by its own mean and standard deviation makes
// a forecast follow a shift and a scaling of the series.
#include <cmath>
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // A stand-in "model" that works in normalised units: the next value is the last one plus the
  // last step's change. Around it, normalise the window and undo it on the forecast.
  auto model = [](const Tensor& z) {  // z (W,) -> (1,)
    const int64_t W = z.size(0);
    return narrow(z, 0, W - 1, 1) * 2.0 - narrow(z, 0, W - 2, 1);
  };
  auto forecast = [&](const Tensor& window) {
    Tensor mu = mean(window), sd = sqrt(var(window, {}, /*unbiased=*/false)) + 1e-5;
    return model((window - mu) / sd) * sd + mu;
  };
  Tensor w = tensor({1.0, 1.5, 1.2, 1.9, 2.2}, {}, DType::Float64);
  const double a = forecast(w).item(), shifted = forecast(w + 100.0).item(),
               scaled = forecast(w * 3.0).item();
  std::printf("forecast %.4f; of the series + 100: %.4f (- 100 = %.4f); of 3 x the series: %.4f "
              "(/ 3 = %.4f)\n", a, shifted, shifted - 100, scaled, scaled / 3);
  // doc-end solution
  return 0;
}
