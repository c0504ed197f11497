// Chapter 3: modules own named parameters and buffers; Linear and Embedding.
#include <cstdio>
#include <memory>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

// doc-begin scale
// A module of our own: y = x * scale, one learned number per channel.
class Scale : public Module {
 public:
  explicit Scale(int64_t channels) { scale = register_parameter("scale", ones({channels})); }
  Tensor forward(const Tensor& x) override { return x * scale; }
  std::string describe() const override { return "Scale"; }
  Tensor scale;  // (C,)
};
// doc-end scale

int main() {
  output_region("begin", "names");
  // doc-begin names
  Generator gen(0);
  Sequential model({std::make_shared<Embedding>(27, 10, gen),  // 27 characters -> 10 numbers
                    std::make_shared<Linear>(10, 64, gen),
                    std::make_shared<BatchNorm1d>(64),
                    std::make_shared<Tanh>(),
                    std::make_shared<Linear>(64, 27, gen),
                    std::make_shared<Scale>(27)});
  for (const auto& [name, p] : model.named_parameters())
    std::printf("parameter %-16s %s\n", name.c_str(), to_string(p.shape()).c_str());
  for (const auto& [name, b] : model.named_buffers())
    std::printf("buffer    %-16s %s\n", name.c_str(), to_string(b.shape()).c_str());
  std::printf("%lld parameters in all\n", static_cast<long long>(model.num_parameters()));
  // doc-end names
  output_region("end", "names");

  output_region("begin", "shapes");
  // doc-begin shapes
  Tensor idx = tensor({1, 5, 0, 26, 3, 3}, {2, 3}, DType::Int64);  // (B, T) = (2, 3) characters
  Tensor e = model[0](idx);  // Embedding: one row of the table per index
  Tensor h = model[1](e);    // Linear works on the last dim, whatever comes before it
  std::printf("idx %s -> embedding %s -> linear %s\n", to_string(idx.shape()).c_str(),
              to_string(e.shape()).c_str(), to_string(h.shape()).c_str());
  // doc-end shapes
  output_region("end", "shapes");
  return 0;
}
