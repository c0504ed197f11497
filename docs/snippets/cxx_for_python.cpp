// Chapter 1's aside, C++ for Python readers: designated initialisers, shared_ptr and lambdas, the
// three pieces of C++ the chapters use on every page.
#include <cstdio>
#include <memory>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin aside
  Generator gen(0);
  // 1. Designated initialisers: named fields of an options struct, the rest left at their
  //    defaults. Like Python's keyword arguments, but in the order the struct declares them.
  Conv1dOptions options{.dilation = 2, .padding = Padding::Causal};  // stride and bias: defaults
  std::printf("stride %lld, dilation %lld, bias %s\n", static_cast<long long>(options.stride),
              static_cast<long long>(options.dilation), options.bias ? "yes" : "no");

  // 2. shared_ptr: a counted reference, as every Python name is. Copying it copies the
  //    reference; the object dies when the last one goes. A Tensor is such a handle too.
  auto layer = std::make_shared<Linear>(3, 2, gen);  // Python: layer = Linear(3, 2)
  auto alias = layer;                                // Python: alias = layer (no copy)
  std::printf("references to the layer: %ld\n", layer.use_count());
  Tensor a = zeros({3});
  Tensor b = a;          // the same storage, as b = a in Python
  b.set_flat(0, 5.0);
  std::printf("a[0] after writing b[0]: %.0f\n", a.at({0}));

  // 3. Lambdas: functions written in place. [factor] copies factor into the lambda; [&] would
  //    use every surrounding variable by reference (as Python closures always do).
  const double factor = 10;
  auto scale = [factor](const Tensor& t) { return t * factor; };  // Python: lambda t: t * factor
  Tensor scaled = scale(ones({2}));
  std::printf("scale(ones({2})) = [%.0f, %.0f]\n", scaled.at({0}), scaled.at({1}));
  // doc-end aside
  return 0;
}
