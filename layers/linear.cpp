// Linear and Embedding: each owns its weights and calls its op (linear, embedding).
#include "layers/linear.h"

namespace ripple {

Linear::Linear(int64_t in_features, int64_t out_features, Generator& gen, LinearOptions opt)
    : in_(in_features), out_(out_features) {
  weight = register_parameter(
      "weight", init_weight(gen, {out_, in_}, in_, out_, opt.init, opt.dtype));
  if (opt.bias)
    bias = register_parameter("bias", init_bias(gen, {out_}, in_, opt.init, opt.dtype));
}

Tensor Linear::forward(const Tensor& x) { return linear(x, weight, bias); }

std::string Linear::describe() const {
  return "Linear(" + std::to_string(in_) + ", " + std::to_string(out_) +
         (bias.defined() ? "" : ", bias=false") + ")";
}

Embedding::Embedding(int64_t num_embeddings, int64_t dim, Generator& gen, DType dtype)
    : num_(num_embeddings), dim_(dim) {
  weight = register_parameter("weight", gen.normal({num_, dim_}, 0, 1, dtype));
}

Tensor Embedding::forward(const Tensor& idx) { return embedding(weight, idx); }

std::string Embedding::describe() const {
  return "Embedding(" + std::to_string(num_) + ", " + std::to_string(dim_) + ")";
}

}  // namespace ripple
