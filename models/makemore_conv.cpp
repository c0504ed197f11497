#include "models/makemore_conv.h"

#include <bit>
#include <vector>

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
  if (!is_training()) return (*layers_)(x);
  // Training: BatchNorm statistics over the real positions only. A batch pads words on the right
  // with '.'; causal convolutions never carry those positions back to a real one and their loss
  // is ignored, but they would still pull the batch mean and variance. Real positions: the
  // leading '.' and every character; a '.' after position 0 is padding.
  const int64_t B = x.size(0), T = x.size(1);
  const auto ids = contiguous(x).to_vector<int64_t>();
  std::vector<float> real(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) real[i] = i % static_cast<size_t>(T) == 0 || ids[i] != 0;
  const Tensor mask = from_vector(real, {B, T});
  Tensor h = x;
  for (size_t i = 0; i < layers_->size(); ++i) {
    Module& layer = (*layers_)[i];
    auto* bn = dynamic_cast<BatchNorm1d*>(&layer);
    h = bn ? batch_norm(h, bn->weight, bn->bias, bn->running_mean, bn->running_var, true,
                        bn->options(), mask)
           : layer(h);
  }
  return h;
}

}  // namespace ripple::makemore
