// Forecasting, exercise 1: the pinball loss by hand, against quantile_loss.
#include <cstdio>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // Two windows, one step ahead (E = 1), levels 0.1, 0.5, 0.9: pred (2, 3), level-major.
  const std::vector<double> levels = {0.1, 0.5, 0.9};
  Tensor pred = tensor({1.0, 2.0, 3.0, -1.0, 0.0, 1.0}, {2, 3}, DType::Float64);
  Tensor target = tensor({2.5, 0.5}, {2, 1}, DType::Float64);
  double by_hand = 0;
  for (size_t q = 0; q < levels.size(); ++q) {
    double level_mean = 0;
    for (int64_t i = 0; i < 2; ++i) {
      const double d = target.at({i, 0}) - pred.at({i, static_cast<int64_t>(q)});
      level_mean += (d >= 0 ? levels[q] * d : (levels[q] - 1) * d) / 2;
    }
    by_hand += level_mean;  // the sum over levels of the mean over windows
  }
  std::printf("by hand %.4f, quantile_loss %.4f\n", by_hand,
              quantile_loss(pred, target, levels).item());
  // doc-end solution
  return 0;
}
