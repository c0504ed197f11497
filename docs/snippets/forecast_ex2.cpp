// Forecasting, exercise 2: the minimiser of the pinball loss is a quantile. Fit one constant per
// level to 1,000 draws of N(0, 1) by gradient descent and compare with the sample's quantiles.
#include <algorithm>
#include <cstdio>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  Generator gen(4);
  const std::vector<double> levels = {0.1, 0.5, 0.9};
  Tensor y = gen.normal({1000, 1}, 0, 1, DType::Float64);
  Tensor c = zeros({1, 3}, DType::Float64);  // one constant forecast per level
  c.requires_grad_();
  SGD opt({c}, 0.05);  // the gradient is (share of y below c) - q: it vanishes at the quantile
  for (int step = 0; step < 2000; ++step) {
    Tensor pred = expand(c, {1000, 3});
    Tensor loss = quantile_loss(pred, y, levels);
    opt.zero_grad();
    loss.backward();
    opt.step();
  }
  std::vector<double> sorted(1000);
  for (int64_t i = 0; i < 1000; ++i) sorted[static_cast<size_t>(i)] = y.at({i, 0});
  std::sort(sorted.begin(), sorted.end());
  for (size_t q = 0; q < levels.size(); ++q)
    std::printf("level %.1f: fitted %+.2f, sample quantile %+.2f\n", levels[q],
                c.at({0, static_cast<int64_t>(q)}),
                sorted[static_cast<size_t>(levels[q] * 1000)]);
  // doc-end solution
  return 0;
}
