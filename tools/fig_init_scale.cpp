// fig_init_scale: draws docs/figures/init_scale.svg for chapter 3 - the spread (standard
// deviation) of activations after each of 10 layers of 100 -> 100 (matmul only, no
// nonlinearity) for weights drawn N(0, 1) and by ripple's three initialisers (layers/init.h).
// Computed in float64 with ripple, on 500 examples of N(0, 1) input.
// usage: fig_init_scale OUT.svg
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <ripple/ripple.h>

#include "apps/common/svg.h"

using namespace ripple;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fig_init_scale OUT.svg\n");
    return 2;
  }
  Generator gen(0);
  const DType f64 = DType::Float64;
  const Shape square = {100, 100};
  const std::pair<const char*, std::function<Tensor()>> schemes[] = {
      {"N(0, 1)", [&] { return gen.normal(square, 0, 1, f64); }},
      {"Init::Lecture  N(0, 1) / sqrt(fan_in)",
       [&] { return init_weight(gen, square, 100, 100, Init::Lecture, f64); }},
      {"Init::PyTorch  U(-1, 1) / sqrt(fan_in)",
       [&] { return init_weight(gen, square, 100, 100, Init::PyTorch, f64); }},
      {"Init::Keras  glorot uniform",
       [&] { return init_weight(gen, square, 100, 100, Init::Keras, f64); }}};
  const Tensor x = gen.normal({500, 100}, 0, 1, f64);

  apps::Plot plot;
  plot.title = "Spread of activations through 10 linear layers of 100 -> 100";
  plot.x_label = "layer";
  plot.y_label = "std of activations (log scale)";
  plot.log_y = true;
  plot.width = 720;
  plot.height = 420;
  for (const auto& [name, draw] : schemes) {
    std::vector<double> layers, spread;
    Tensor h = x;
    for (int layer = 0; layer <= 10; ++layer) {
      if (layer > 0) h = matmul(h, draw());
      layers.push_back(layer);
      spread.push_back(std::sqrt(var(h).item()));
    }
    // Keras's glorot and the lecture's scheme both keep the spread at 1 for a square layer:
    // markers keep the one from hiding the other
    if (std::string(name).starts_with("Init::Keras")) plot.points(name, layers, spread);
    else plot.line(name, layers, spread);
  }
  try {
    plot.save(argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fig_init_scale: %s\n", e.what());
    return 1;
  }
  return 0;
}
