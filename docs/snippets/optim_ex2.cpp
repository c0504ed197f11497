// Losses and optimisation, exercise 2: a stable log-softmax by hand.
#include <cstdio>
#include <iostream>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  Tensor z = tensor({1000, 0, -1000}, {3}, DType::Float64);
  std::cout << "log(softmax) naive " << log(exp(z) / sum(exp(z))) << "\n";
  // log softmax(z)_i = z_i - logsumexp(z), and logsumexp(z) = m + log sum exp(z - m), m = max z:
  // every exp(z - m) is at most 1, and the largest is exactly 1, so the sum lies in [1, V]
  Tensor m = max(z, 0);
  Tensor by_hand = z - (m + log(sum(exp(z - m))));
  std::cout << "by hand            " << by_hand << "\n";
  std::cout << "log_softmax        " << log_softmax(z, 0) << "\n";
  // adding a constant to every logit changes neither softmax nor log_softmax
  std::cout << "shifted by 5       " << log_softmax(z + 5.0, 0) << "\n";
  // doc-end solution
  return 0;
}
