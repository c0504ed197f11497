// Layers, exercise 1: count a model's parameters by formula, then ask the module.
#include <cstdio>
#include <memory>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // Linear(30, 200, no bias) -> BatchNorm1d(200) -> Tanh -> Linear(200, 27):
  //   30 * 200  +  2 * 200 (gamma, beta; running stats are buffers)  +  200 * 27 + 27
  Generator gen(0);
  Sequential model;
  model.add(std::make_shared<Linear>(30, 200, gen, LinearOptions{.bias = false}));
  model.add(std::make_shared<BatchNorm1d>(200));
  model.add(std::make_shared<Tanh>());
  model.add(std::make_shared<Linear>(200, 27, gen));
  std::printf("by formula: %d\n", 30 * 200 + 2 * 200 + 200 * 27 + 27);
  std::printf("num_parameters(): %lld\n", static_cast<long long>(model.num_parameters()));
  for (const auto& [name, tensor] : model.named_parameters())
    std::printf("  %-10s %s\n", name.c_str(), to_string(tensor.shape()).c_str());
  // doc-end solution
  return 0;
}
