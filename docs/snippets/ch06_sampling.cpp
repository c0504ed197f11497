// Chapter 7: how temperature and top-k reshape the distribution a sample is drawn from.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

namespace {

void show(const char* label, const Tensor& probs) {
  std::printf("%-22s", label);
  for (double p : probs.to_vector<double>()) std::printf(" %.3f", p);
  std::printf("\n");
}

}  // namespace

int main() {
  // doc-begin sampling
  // the logits a model might give after "emm": likeliest 'a', then 'e', 'i', 'y', '.'
  Tensor logits = tensor({2.0, 1.0, 0.5, 0.0, -1.0}, {5}, DType::Float64);
  std::printf("%-22s     a     e     i     y     .\n", "");
  for (double temperature : {0.5, 1.0, 2.0})
    show(("temperature " + std::to_string(temperature).substr(0, 3)).c_str(),
         softmax(logits / temperature, 0));
  // top-k = 2: every logit below the 2nd largest is set to -inf before the softmax
  Tensor kth = tensor({1.0}, {1}, DType::Float64);
  show("top-k 2", softmax(where(lt(logits, kth), full({5}, -INFINITY, DType::Float64), logits), 0));
  // doc-end sampling
  return 0;
}
