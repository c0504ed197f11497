// Losses and optimisation, exercise 1: what a cross-entropy means in probabilities.
#include <cmath>
#include <cstdio>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // logits (0, 0): two equally likely classes, so p(right) = 1/2 and the loss is ln 2
  Tensor two = zeros({1, 2}, DType::Float64);
  std::printf("p = 1/2: loss %.4f = ln 2 = %.4f\n",
              cross_entropy(two, from_vector(std::vector<int64_t>{0}, {1})).item(), std::log(2.0));
  // a mean loss L is a geometric-mean probability exp(-L) of the right character, and the
  // model is as unsure as a uniform choice among exp(L) characters (the perplexity)
  for (double loss : {std::log(27.0), 2.1021, 1.9924})
    std::printf("loss %.4f: p(right) %.3f, perplexity %.1f characters\n", loss, std::exp(-loss),
                std::exp(loss));
  // doc-end solution
  return 0;
}
