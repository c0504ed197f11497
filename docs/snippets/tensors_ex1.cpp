// Tensors, exercise 1: strides of a (2, 3, 4) tensor and of a permutation of it, and where an
// element lives.
#include <cstdio>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  Tensor a = reshape(arange(24), {2, 3, 4});
  Tensor p = permute(a, {2, 0, 1});  // (4, 2, 3): a view, the strides are permuted too
  std::printf("a: shape %s strides %s\n", to_string(a.shape()).c_str(), to_string(a.strides()).c_str());
  std::printf("p: shape %s strides %s contiguous %s\n", to_string(p.shape()).c_str(),
              to_string(p.strides()).c_str(), p.is_contiguous() ? "yes" : "no");
  // storage index 17 = 1*12 + 1*4 + 1*1: a[1, 1, 1]
  std::printf("a[1, 1, 1] = %.0f = storage index 1*12 + 1*4 + 1*1\n", a.at({1, 1, 1}));
  // p[k, i, j] = a[i, j, k]: the same number, reached with p's strides 3*1 + 1*12 + 2*4 = 23
  std::printf("a[1, 2, 3] = %.0f, p[3, 1, 2] = %.0f\n", a.at({1, 2, 3}), p.at({3, 1, 2}));
  // doc-end solution
  return 0;
}
