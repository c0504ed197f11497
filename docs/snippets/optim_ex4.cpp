// Losses and optimisation, exercise 4: cross-entropy with label smoothing and its gradient.
#include <cstdio>
#include <iostream>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // PyTorch's CrossEntropyLoss(label_smoothing=eps): the target is q = (1 - eps) onehot + eps / V,
  // and the loss the mean over examples of -sum_j q_j log p_j
  const double eps = 0.1;
  Tensor logits = tensor({1.0, 2.0, 3.0,  //
                          1.0, 0.0, -1.0}, {2, 3}, DType::Float64);
  Tensor onehot = tensor({0, 0, 1,  //
                          1, 0, 0}, {2, 3}, DType::Float64);
  logits.requires_grad_();
  Tensor q = (1 - eps) * onehot + eps / 3;
  Tensor loss = mean(-sum(q * log_softmax(logits, 1), {1}));
  // the same as (1 - eps) * cross-entropy + eps * the mean over classes of -log p_j
  Tensor targets = from_vector(std::vector<int64_t>{2, 0});
  const double mixed = (1 - eps) * cross_entropy(logits.detach(), targets).item() +
                       eps * mean(-log_softmax(logits.detach(), 1)).item();
  std::printf("smoothed loss %.6f, mixed %.6f\n", loss.item(), mixed);
  loss.backward();  // d loss / d z = (p - q) / N, since sum_j q_j = 1
  std::cout << "autograd    " << logits.grad() << "\n";
  std::cout << "(p - q) / N " << (softmax(logits.detach(), 1) - q) / 2.0 << "\n";
  // doc-end solution
  return 0;
}
