// ARCHITECTURE.md, worked example 3: a new model, built from layers. In the library it would be
// models/makemore_<name>.{h,cpp}, with a kind in makemore's registry so make_model, the app's
// --model flag and load_trained all know it; tested in tests/models/.
#include <cstdio>
#include <memory>

#include <ripple/ripple.h>

using namespace ripple;

// doc-begin model
// The lecture's flat MLP as a class: x (B, T) int64 characters -> logits (B, V).
class FlatMLP : public Module {
 public:
  FlatMLP(int64_t vocab, int64_t block, int64_t embd, int64_t hidden, Generator& gen) {
    embedding_ = register_module("embedding", std::make_shared<Embedding>(vocab, embd, gen));
    hidden_ = register_module("hidden", std::make_shared<Linear>(block * embd, hidden, gen));
    out_ = register_module("out", std::make_shared<Linear>(hidden, vocab, gen));
  }
  Tensor forward(const Tensor& x) override {
    Tensor e = (*embedding_)(x);                 // (B, T, E)
    Tensor h = tanh((*hidden_)(flatten(e, 1)));  // (B, H)
    return (*out_)(h);                           // (B, V)
  }
  std::string describe() const override { return "FlatMLP"; }

 private:
  std::shared_ptr<Embedding> embedding_;  // typed children: no casts, no reaching into fields
  std::shared_ptr<Linear> hidden_, out_;
};
// doc-end model

int main() {
  // doc-begin use
  Generator gen(42);
  FlatMLP model(27, 3, 10, 64, gen);
  std::printf("%s", summary(model, {32, 3}, DType::Int64).c_str());
  std::printf("checkpoint names:");
  for (const auto& [name, t] : model.state()) std::printf(" %s", name.c_str());
  std::printf("\n");
  // doc-end use
  return 0;
}
