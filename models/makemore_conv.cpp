// ConvWaveNet: the stack of makemore_conv.h, and the mask of real positions its BatchNorms count
// in training.
#include "models/makemore_conv.h"

#include <bit>
#include <vector>

#include "autograd/ops.h"
#include "core/kernels.h"

namespace ripple::makemore {

namespace {

// 1 where a position of x (B, T) int64 holds a real character, 0 where it is padding: a batch pads
// words on the right with '.', so a '.' after position 0 is padding; the leading '.' is real.
Tensor real_positions(const Tensor& x) {
  const auto T = static_cast<size_t>(x.size(1));
  std::vector<int64_t> real = contiguous(x).to_vector<int64_t>();
  for (size_t i = 0; i < real.size(); ++i) real[i] = i % T == 0 || real[i] != 0;
  return from_vector(real, x.shape());
}

}  // namespace

ConvWaveNet::ConvWaveNet(const ModelConfig& c, Generator& gen) {
  if (c.dilations.empty() && (!std::has_single_bit(static_cast<uint64_t>(c.block_size)) || c.block_size < 2))
    throw Error("makemore: the conv model needs a block size that is a power of two, got " +
                std::to_string(c.block_size));
  layers_ = register_module("layers", std::make_shared<Sequential>());
  embedding_ = std::make_shared<Embedding>(c.vocab_size, c.embd, gen);
  layers_->add(embedding_);
  int64_t width = c.embd;
  for (int64_t d : conv_dilations(c)) {
    Level level{
        std::make_shared<Conv1d>(width, c.hidden, 2,
                                 Conv1dOptions{.dilation = d, .padding = Padding::Causal,
                                               .bias = false, .init = Init::Lecture},
                                 gen),
        std::make_shared<BatchNorm1d>(c.hidden,
                                      BatchNormOptions{.variance = VarianceConvention::Unbiased}),
        std::make_shared<Tanh>()};
    layers_->add(level.conv);
    layers_->add(level.norm);
    layers_->add(level.act);
    levels_.push_back(std::move(level));
    width = c.hidden;
  }
  out_ = std::make_shared<Linear>(c.hidden, c.vocab_size, gen, LinearOptions{.init = Init::Lecture});
  {
    NoGradGuard no_grad;
    kernel::copy_into(out_->weight, out_->weight * 0.1);
  }
  layers_->add(out_);
  if (c.labels > 0)
    for (size_t j = 0; j < levels_.size(); ++j) {
      auto table = register_module("conditions." + std::to_string(j),
                                   std::make_shared<Embedding>(c.labels, c.hidden, gen));
      NoGradGuard no_grad;  // N(0, 0.1): a small push at first, as the gated model's
      kernel::copy_into(table->weight, table->weight * 0.1);
      conditions_.push_back(table);
    }
  // last, so the weights drawn above are the same with and without dropout
  if (c.dropout > 0) dropout_ = register_module("dropout", std::make_shared<Dropout>(c.dropout, gen));
}

Tensor ConvWaveNet::forward(const Tensor& x) {
  if (!conditions_.empty())
    throw Error("ConvWaveNet: this model is conditioned on " + std::to_string(conditions_[0]->weight.size(0)) +
                " labels; call forward(x, labels)");
  if (x.dim() != 2)
    throw Error("ConvWaveNet: expected (B, T) int64 characters, got " + to_string(x.shape()));
  // Evaluation: BatchNorm uses its running statistics and needs no mask, so the Sequential runs
  // the layers (and summary() shows it).
  if (!is_training()) return (*layers_)(x);
  // Training: BatchNorm statistics over the real positions only. The padding '.' that fills out
  // the shorter words never reaches a real position through the causal convolutions and its loss
  // is ignored, but it would still pull the batch mean and variance.
  const Tensor mask = real_positions(x);  // (B, T) int64
  Tensor h = (*embedding_)(x);
  if (dropout_) h = (*dropout_)(h);
  for (const Level& level : levels_) h = (*level.act)(level.norm->forward((*level.conv)(h), mask));
  if (dropout_) h = (*dropout_)(h);
  return (*out_)(h);
}

Tensor ConvWaveNet::forward(const Tensor& x, const Tensor& labels) {  // (B, T) -> (B, T, V)
  if (!labels.defined()) return forward(x);
  if (conditions_.empty()) throw Error("ConvWaveNet: labels given to a model without conditioning");
  if (x.dim() != 2 || labels.dim() != 1 || labels.size(0) != x.size(0))
    throw Error("ConvWaveNet: expected x (B, T) and labels (B,), got x " + to_string(x.shape()) + " and labels " +
                to_string(labels.shape()));
  const bool training = is_training();
  const Tensor mask = training ? real_positions(x) : Tensor();  // as forward(x) does
  Tensor h = (*embedding_)(x);
  if (dropout_) h = (*dropout_)(h);  // training only; the identity in eval mode
  for (size_t j = 0; j < levels_.size(); ++j) {
    const Level& level = levels_[j];
    const Tensor y = (*level.conv)(h);
    const Tensor normed = training ? level.norm->forward(y, mask) : (*level.norm)(y);
    // after BatchNorm, which would remove a shift that every word of a batch shares
    h = (*level.act)(normed + unsqueeze((*conditions_[j])(labels), 1));  // + (B, 1, H)
  }
  if (dropout_) h = (*dropout_)(h);
  return (*out_)(h);
}

}  // namespace ripple::makemore
