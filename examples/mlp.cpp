// Train a small MLP to tell two interleaved spirals apart: a problem no straight line solves.
//
// Shows the module side of ripple: layers in a Sequential, named parameters, cross_entropy on
// logits, Adam, and train()/eval().
#include <cmath>
#include <cstdio>
#include <memory>

#include <ripple/ripple.h>

using namespace ripple;

// n points on each of two spirals: x (2n, 2) float32, y (2n,) int64 in {0, 1}.
static void make_spirals(int64_t n, Generator& gen, Tensor& x, Tensor& y) {
  x = empty({2 * n, 2});
  y = empty({2 * n}, DType::Int64);
  for (int64_t i = 0; i < 2 * n; ++i) {
    const int64_t label = i % 2;
    const double r = 0.1 + 0.9 * static_cast<double>(i / 2) / static_cast<double>(n);  // radius
    const double angle = 3 * M_PI * r + M_PI * static_cast<double>(label) + 0.1 * gen.normal01();
    x.set_flat(2 * i, r * std::cos(angle));
    x.set_flat(2 * i + 1, r * std::sin(angle));
    y.set_flat(i, static_cast<double>(label));
  }
}

int main() {
  Generator gen(1);
  Tensor x, y;
  make_spirals(200, gen, x, y);

  Sequential model({std::make_shared<Linear>(2, 32, gen), std::make_shared<Tanh>(),
                    std::make_shared<Linear>(32, 32, gen), std::make_shared<Tanh>(),
                    std::make_shared<Linear>(32, 2, gen)});
  for (const auto& [name, p] : model.named_parameters())
    std::printf("%-10s %s\n", name.c_str(), to_string(p.shape()).c_str());

  Adam opt(model.parameters(), 0.01);
  for (int step = 1; step <= 1000; ++step) {
    Tensor loss = cross_entropy(model(x), y);  // the whole data set as one batch
    opt.zero_grad();
    loss.backward();
    opt.step();
    if (step % 250 == 0) std::printf("step %4d  loss %.4f\n", step, loss.item());
  }

  model.eval();
  NoGradGuard no_grad;  // no graph is needed to evaluate
  Tensor correct = eq(argmax(model(x), 1), y);  // (2n,) int64: 1 where the class is right
  std::printf("accuracy %.1f%%\n", 100 * mean(to_dtype(correct, DType::Float32)).item());
  return 0;
}
