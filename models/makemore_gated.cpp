// GatedWaveNet: the WaveNet paper's gated residual stack over whole words (makemore_gated.h).
#include "models/makemore_gated.h"

#include "autograd/ops.h"
#include "core/kernels.h"

namespace ripple::makemore {

namespace {

std::string str(int64_t v) { return std::to_string(v); }

Conv1dOptions pointwise(DType dtype) { return {.padding = Padding::Causal, .dtype = dtype}; }

}  // namespace

GatedWaveNet::GatedWaveNet(const ModelConfig& c, Generator& gen, DType dtype) : config_(c) {
  if (c.vocab_size < 2 || c.embd < 1 || c.hidden < 1 || c.labels < 0)
    throw Error("GatedWaveNet: sizes must be positive (vocabulary " + str(c.vocab_size) + ", channels " +
                str(c.embd) + ", skip channels " + str(c.hidden) + ", labels " + str(c.labels) + ")");
  const int64_t C = c.embd, S = c.hidden;
  embedding_ = register_module("embedding", std::make_shared<Embedding>(c.vocab_size, C, gen, dtype));
  const std::vector<int64_t> dilations = conv_dilations(c);
  for (size_t j = 0; j < dilations.size(); ++j)
    blocks_.push_back(register_module("blocks." + std::to_string(j),
                                      std::make_shared<forecast::WaveNetBlock>(C, S, dilations[j], dtype, gen)));
  if (c.labels > 0)
    for (size_t j = 0; j < dilations.size(); ++j) {
      auto table = register_module("conditions." + std::to_string(j),
                                   std::make_shared<Embedding>(c.labels, 2 * C, gen, dtype));
      NoGradGuard no_grad;  // N(0, 0.1): a small push at first, not a second embedding's worth
      kernel::copy_into(table->weight, table->weight * 0.1);
      conditions_.push_back(table);
    }
  if (c.dropout > 0) dropout_ = register_module("dropout", std::make_shared<Dropout>(c.dropout, gen));
  head1_ = register_module("head1", std::make_shared<Conv1d>(S, S, 1, pointwise(dtype), gen));
  head2_ = register_module("head2", std::make_shared<Conv1d>(S, c.vocab_size, 1, pointwise(dtype), gen));
  NoGradGuard no_grad;
  kernel::copy_into(head2_->weight, head2_->weight * 0.1);
}

Tensor GatedWaveNet::forward(const Tensor& x) {
  if (!conditions_.empty())
    throw Error("GatedWaveNet: this model is conditioned on " + str(config_.labels) +
                " labels; call forward(x, labels)");
  return forward(x, Tensor());
}

Tensor GatedWaveNet::forward(const Tensor& x, const Tensor& labels) {  // (B, T) -> (B, T, V)
  if (x.dim() != 2)
    throw Error("GatedWaveNet: expected (B, T) int64 characters, got " + to_string(x.shape()));
  if (labels.defined() && conditions_.empty())
    throw Error("GatedWaveNet: labels given to a model without conditioning");
  if (labels.defined() && (labels.dim() != 1 || labels.size(0) != x.size(0)))
    throw Error("GatedWaveNet: expected labels (" + str(x.size(0)) + ",) for x " + to_string(x.shape()) + ", got " +
                to_string(labels.shape()));
  Tensor h = (*embedding_)(x);  // (B, T, C)
  if (dropout_) h = (*dropout_)(h);  // training only: on the residual stream's input
  Tensor skip;                  // (B, T, S), summed over the blocks
  for (size_t j = 0; j < blocks_.size(); ++j) {
    const Tensor condition = labels.defined() ? unsqueeze((*conditions_[j])(labels), 1) : Tensor();  // (B, 1, 2C)
    forecast::WaveNetBlockOutput o = blocks_[j]->run(h, condition);
    h = o.residual;
    skip = skip.defined() ? skip + o.skip : o.skip;
  }
  Tensor s = relu(skip);
  if (dropout_) s = (*dropout_)(s);  // training only; the identity in eval mode
  return (*head2_)(relu((*head1_)(s)));
}

std::string GatedWaveNet::describe() const {
  return "GatedWaveNet(channels=" + str(config_.embd) + ", skip=" + str(config_.hidden) + ", blocks=" +
         str(static_cast<int64_t>(blocks_.size())) + (config_.labels ? ", labels=" + str(config_.labels) : "") +
         (config_.dropout > 0 ? ", dropout=" + std::to_string(config_.dropout).substr(0, 4) : "") + ")";
}

}  // namespace ripple::makemore
