// The paper's WaveNet, exercise 3: one causal convolution (kernel 2, dilation 4, one channel)
// computed a step at a time from a queue of its last d inputs, against conv1d on the whole series.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  Generator gen(5);
  const int64_t T = 30, d = 4;
  const double w_old = 0.7, w_new = -1.3, bias = 0.2;  // tap t - d, tap t
  Tensor x = gen.normal({1, T, 1}, 0, 1, DType::Float64);
  // (K, C_in, C_out) = (2, 1, 1): tap 0 reads x[t - d], tap 1 reads x[t]
  Tensor weight = reshape(tensor({w_old, w_new}, {}, DType::Float64), {2, 1, 1});
  Tensor whole = conv1d(x, weight, tensor({bias}, {1}, DType::Float64), 1, d, Padding::Causal);

  std::deque<double> queue(d, 0.0);  // the last d inputs, oldest first; zeros = causal padding
  double worst = 0;
  for (int64_t t = 0; t < T; ++t) {
    const double now = x.at({0, t, 0});
    const double y = w_old * queue.front() + w_new * now + bias;  // x[t - d] is the queue's head
    queue.pop_front();
    queue.push_back(now);
    worst = std::max(worst, std::fabs(y - whole.at({0, t, 0})));
  }
  std::printf("%lld steps, a queue of %lld values: equal to conv1d to 1e-12: %s\n",
              static_cast<long long>(T), static_cast<long long>(d), worst < 1e-12 ? "yes" : "NO");
  // doc-end solution
  return 0;
}
