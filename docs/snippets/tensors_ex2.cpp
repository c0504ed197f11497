// Tensors, exercise 2: standardise every column of a matrix with reductions and broadcasting
// alone, no loops.
#include <cmath>
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  Tensor x = tensor({1, 10, 100, 2, 20, 300, 3, 30, 200, 4, 40, 400}, {4, 3});
  Tensor mu = mean(x, {0}, /*keepdim=*/true);                      // (1, 3)
  Tensor sd = sqrt(var(x, {0}, /*unbiased=*/true, /*keepdim=*/true));  // (1, 3)
  Tensor z = (x - mu) / sd;                                        // (4, 3) op (1, 3)
  std::printf("shapes: x %s, mean %s, z %s\n", to_string(x.shape()).c_str(),
              to_string(mu.shape()).c_str(), to_string(z.shape()).c_str());
  Tensor zm = mean(z, {0}), zv = var(z, {0});
  for (int64_t j = 0; j < 3; ++j)
    std::printf("column %lld: mean %+.4f, variance %.4f\n", static_cast<long long>(j),
                std::fabs(zm.at({j})) < 5e-5 ? 0.0 : zm.at({j}), zv.at({j}));  // no "-0.0000"
  // doc-end solution
  return 0;
}
