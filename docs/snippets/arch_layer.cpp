// ARCHITECTURE.md, worked example 2: a new layer, the gated linear unit of Dauphin et al. (2017):
// y = a * sigmoid(b) with [a, b] = x W^T + bias. A layer owns its parameters by name and calls
// ops; in the library it would be layers/glu.{h,cpp}, tested in tests/layers/.
#include <cstdio>
#include <memory>

#include <ripple/ripple.h>

using namespace ripple;

// doc-begin layer
// x (..., in) -> (..., out). Parameters "weight" (2 * out, in) and "bias" (2 * out,).
class GatedLinear : public Module {
 public:
  GatedLinear(int64_t in, int64_t out, Generator& gen) : in_(in), out_(out) {
    weight = register_parameter("weight", init_weight(gen, {2 * out, in}, in, 2 * out, Init::PyTorch));
    bias = register_parameter("bias", init_bias(gen, {2 * out}, in, Init::PyTorch));
  }
  Tensor forward(const Tensor& x) override {
    Tensor ab = linear(x, weight, bias);  // (..., 2 * out): one fused GEMM
    return narrow(ab, -1, 0, out_) * sigmoid(narrow(ab, -1, out_, out_));
  }
  std::string describe() const override {
    return "GatedLinear(" + std::to_string(in_) + ", " + std::to_string(out_) + ")";
  }
  Tensor weight, bias;  // public, as in PyTorch's C++ modules

 private:
  int64_t in_, out_;
};
// doc-end layer

int main() {
  // doc-begin use
  Generator gen(0);
  GatedLinear glu(8, 4, gen);
  for (const auto& [name, p] : glu.named_parameters())
    std::printf("%-6s %s\n", name.c_str(), to_string(p.shape()).c_str());
  Tensor y = glu(gen.normal({2, 5, 8}));
  std::printf("(2, 5, 8) -> %s\n", to_string(y.shape()).c_str());
  // doc-end use
  return 0;
}
