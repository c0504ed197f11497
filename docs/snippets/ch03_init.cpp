// Chapter 3: why weights are drawn with a spread of 1/sqrt(fan_in), and why the lecture shrinks
// the last layer.
#include <cmath>
#include <cstdio>
#include <functional>
#include <utility>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

// The standard deviation of all elements of t.
static double stddev(const Tensor& t) { return std::sqrt(var(t).item()); }

int main() {
  output_region("begin", "scale");
  // doc-begin scale
  Generator gen(0);
  const DType f64 = DType::Float64;  // exact enough that the printed digits never vary
  const Shape square = {100, 100};   // a layer of 100 -> 100: fan_in = fan_out = 100
  const std::pair<const char*, std::function<Tensor()>> schemes[] = {
      {"N(0, 1)", [&] { return gen.normal(square, 0, 1, f64); }},
      {"lecture", [&] { return init_weight(gen, square, 100, 100, Init::Lecture, f64); }},
      {"pytorch", [&] { return init_weight(gen, square, 100, 100, Init::PyTorch, f64); }},
      {"keras", [&] { return init_weight(gen, square, 100, 100, Init::Keras, f64); }}};
  Tensor x = gen.normal({500, 100}, 0, 1, f64);  // 500 examples, 100 features of spread 1
  for (const auto& [name, draw] : schemes) {
    Tensor h = x;
    std::printf("%-8s", name);
    for (int layer = 1; layer <= 4; ++layer) {  // 4 layers, no nonlinearity
      h = matmul(h, draw());
      if (layer == 1 || layer == 4) std::printf("  layer %d: std %9.3f", layer, stddev(h));
    }
    std::printf("\n");
  }
  // doc-end scale
  output_region("end", "scale");

  output_region("begin", "last_layer");
  // doc-begin last_layer
  Tensor features = tanh(gen.normal({1000, 64}));  // stand-in for a hidden layer's output
  Tensor targets = gen.randint(0, 27, {1000});      // 27 classes, nothing learned yet
  Linear out(64, 27, gen, {.init = Init::Lecture});
  std::printf("log(27) = %.3f: the loss of a uniform guess\n", std::log(27.0));
  std::printf("initial loss:             %.3f\n", cross_entropy(out(features), targets).item());
  {
    NoGradGuard no_grad;  // changing a parameter in place is not part of any graph
    kernel::copy_into(out.weight, out.weight * 0.1);
  }
  std::printf("last layer scaled by 0.1: %.3f\n", cross_entropy(out(features), targets).item());
  // doc-end last_layer
  output_region("end", "last_layer");
  return 0;
}
