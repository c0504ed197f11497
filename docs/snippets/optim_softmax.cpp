// Losses and optimisation: softmax, log-sum-exp, cross-entropy and its gradient, MSE.
#include <cmath>
#include <cstdio>
#include <iostream>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

int main() {
  output_region("begin", "stable");
  // doc-begin stable
  Tensor z = tensor({1000, 1001, 1002}, {3}, DType::Float64);  // exp(1000) overflows a double
  std::cout << "naive   " << exp(z) / sum(exp(z)) << "\n";  // inf / inf
  std::cout << "softmax " << softmax(z, 0) << "\n";         // shifted by the maximum first
  std::printf("logsumexp %.4f = 1002 + log(e^-2 + e^-1 + 1) = %.4f\n", logsumexp(z, 0).item(),
              1002 + std::log(std::exp(-2.0) + std::exp(-1.0) + 1));
  // doc-end stable
  output_region("end", "stable");

  output_region("begin", "cross_entropy");
  // doc-begin cross_entropy
  // N = 2 examples, V = 3 classes; the right classes are 2 and 0
  Tensor logits = tensor({1.0, 2.0, 3.0,  //
                          1.0, 0.0, -1.0}, {2, 3}, DType::Float64);
  Tensor targets = from_vector(std::vector<int64_t>{2, 0});
  logits.requires_grad_();
  Tensor loss = cross_entropy(logits, targets);
  // by hand: the mean over examples of logsumexp(z) - z[target] = -log softmax(z)[target]
  Tensor lse = logsumexp(logits.detach(), 1);  // (2,)
  const double by_hand = ((lse.at({0}) - 3.0) + (lse.at({1}) - 1.0)) / 2;
  std::printf("cross_entropy %.6f, by hand %.6f\n", loss.item(), by_hand);
  std::printf("uniform guess over 27 characters: ln 27 = %.4f\n",
              cross_entropy(zeros({1, 27}), from_vector(std::vector<int64_t>{5}, {1})).item());
  // doc-end cross_entropy
  output_region("end", "cross_entropy");

  output_region("begin", "gradient");
  // doc-begin gradient
  loss.backward();
  Tensor onehot = tensor({0, 0, 1,  //
                          1, 0, 0}, {2, 3}, DType::Float64);
  Tensor formula = (softmax(logits.detach(), 1) - onehot) / 2.0;  // (p - onehot) / N
  std::cout << "autograd " << logits.grad() << "\n";
  std::cout << "formula  " << formula << "\n";
  // doc-end gradient
  output_region("end", "gradient");

  output_region("begin", "mse");
  // doc-begin mse
  Tensor pred = tensor({2.5, 0.0, 2.0, 8.0}, {4}, DType::Float64);
  Tensor y = tensor({3.0, -0.5, 2.0, 7.0}, {4}, DType::Float64);
  pred.requires_grad_();
  Tensor mse = mse_loss(pred, y);  // mean((pred - y)^2)
  mse.backward();
  std::printf("mse %.4f\n", mse.item());
  std::cout << "autograd     " << pred.grad() << "\n";
  std::cout << "2(p - y) / N " << 2.0 * (pred.detach() - y) / 4.0 << "\n";
  // doc-end mse
  output_region("end", "mse");
  return 0;
}
