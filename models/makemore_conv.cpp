#include "models/makemore_conv.h"

#include <bit>

#include "autograd/ops.h"
#include "core/kernels.h"
#include "layers/activation.h"
#include "layers/batch_norm.h"
#include "layers/conv1d.h"
#include "layers/linear.h"

namespace ripple::makemore {

ConvWaveNet::ConvWaveNet(const ModelConfig& c, Generator& gen) {
  if (!std::has_single_bit(static_cast<uint64_t>(c.block_size)) || c.block_size < 2)
    throw Error("makemore: the conv model needs a block size that is a power of two, got " +
                std::to_string(c.block_size));
  layers_ = register_module("layers", std::make_shared<Sequential>());
  layers_->add(std::make_shared<Embedding>(c.vocab_size, c.embd, gen));
  int64_t width = c.embd;
  for (int64_t d = 1; d < c.block_size; d *= 2) {
    layers_->add(std::make_shared<Conv1d>(
        width, c.hidden, 2,
        Conv1dOptions{.dilation = d, .padding = Padding::Causal, .bias = false, .init = Init::Lecture},
        gen));
    layers_->add(std::make_shared<BatchNorm1d>(c.hidden, BatchNormOptions{.variance = VarianceConvention::Unbiased}));
    layers_->add(std::make_shared<Tanh>());
    width = c.hidden;
  }
  auto out = std::make_shared<Linear>(c.hidden, c.vocab_size, gen, LinearOptions{.init = Init::Lecture});
  {
    NoGradGuard no_grad;
    kernel::copy_into(out->weight, out->weight * 0.1);
  }
  layers_->add(out);
}

Tensor ConvWaveNet::forward(const Tensor& x) {
  if (x.dim() != 2)
    throw Error("ConvWaveNet: expected (B, T) int64 characters, got " + to_string(x.shape()));
  return (*layers_)(x);
}

}  // namespace ripple::makemore
