// The fast WaveNet's queues for the whole-word makemore models (makemore_cache.h).
#include "models/makemore_cache.h"

#include "autograd/ops.h"
#include "models/makemore_conv.h"
#include "models/makemore_gated.h"

namespace ripple::makemore {

namespace {

// A kernel-2 convolution on one position as linear(): weight (2, C_in, C_out) read as the
// matrix (2 C_in, C_out) whose rows are the taps in order, handed to linear() transposed,
// (C_out, 2 C_in): one GEMM of [x[t - d], x[t]] (B, 2 C_in). A 1x1 convolution the same way.
// Views of the parameters (no copies), so they see the current weights.
struct StepWeights {
  Tensor weight, bias;
  StepWeights() = default;
  explicit StepWeights(const Conv1d& conv)
      : weight(transpose(reshape(conv.weight, {conv.weight.size(0) * conv.weight.size(1), conv.weight.size(2)}), 0, 1)),
        bias(conv.bias) {}
  Tensor operator()(const Tensor& x) const { return linear(x, weight, bias); }  // (B, k C_in) -> (B, C_out)
};

}  // namespace

void StepCache::check(const Tensor& chars) {
  if (chars.dim() != 1 || chars.size(0) != batch_ || chars.dtype() != DType::Int64)
    throw Error("StepCache::push: expected chars (" + std::to_string(batch_) + ",) int64, one per word, got " +
                dtype_name(chars.dtype()) + " " + to_string(chars.shape()));
  ++steps_;
}

StepCache::Queue::Queue(int64_t d, int64_t batch, int64_t channels, DType dtype) {
  for (int64_t i = 0; i < d; ++i) slots.push_back(zeros({batch, channels}, dtype));
}

Tensor StepCache::Queue::pop_push(const Tensor& v) {
  Tensor old = slots[head];
  slots[head] = v;
  head = (head + 1) % slots.size();
  return old;
}

// ConvWaveNet: embedding, then per level the dilated conv (no bias) from its queue, BatchNorm in
// eval mode and Tanh, then the output Linear.
class ConvCache : public StepCache {
 public:
  ConvCache(ConvWaveNet& net, int64_t batch, const Tensor& labels) : StepCache(batch), net_(net) {
    const bool conditional = !net.conditions_.empty();
    if (labels.defined() != conditional ||
        (labels.defined() && (labels.dim() != 1 || labels.size(0) != batch || labels.dtype() != DType::Int64)))
      throw Error("make_step_cache: a conv model " + std::string(conditional ? "with" : "without") + " labels needs " +
                  (conditional ? "labels (" + std::to_string(batch) + ",) int64" : std::string("no labels")) + ", got " +
                  (labels.defined() ? std::string(dtype_name(labels.dtype())) + " " + to_string(labels.shape()) : std::string("none")));
    NoGradGuard no_grad;
    for (const auto& table : net.conditions_) conditions_.push_back((*table)(labels));  // (B, H), fixed per word
    int64_t width = net.embedding_->weight.size(1);
    for (const ConvWaveNet::Level& level : net.levels_) {
      queues_.emplace_back(level.conv->options().dilation, batch, width, level.conv->weight.dtype());
      convs_.emplace_back(*level.conv);
      width = level.conv->out_channels();
    }
  }
  Tensor push(const Tensor& chars) override {  // (B,) -> (B, V)
    check(chars);
    NoGradGuard no_grad;
    Tensor h = (*net_.embedding_)(chars);  // (B, E)
    for (size_t j = 0; j < queues_.size(); ++j) {
      const ConvWaveNet::Level& level = net_.levels_[j];
      Tensor y = (*level.norm)(convs_[j](concat({queues_[j].pop_push(h), h}, 1)));  // (B, H) from h[t - d], h[t]
      if (!conditions_.empty()) y = y + conditions_[j];
      h = (*level.act)(y);
    }
    return (*net_.out_)(h);
  }

 private:
  ConvWaveNet& net_;
  std::vector<Queue> queues_;
  std::vector<StepWeights> convs_;
  std::vector<Tensor> conditions_;  ///< per level, the labels' vectors (B, H); empty if unconditional
};

// GatedWaveNet: embedding, the residual blocks from their queues (with the label's vector added
// before the gate), the summed skips through the head.
class GatedCache : public StepCache {
 public:
  GatedCache(GatedWaveNet& net, int64_t batch, const Tensor& labels) : StepCache(batch), net_(net) {
    const int64_t L = net.config_.labels;
    if (labels.defined() != (L > 0) ||
        (labels.defined() && (labels.dim() != 1 || labels.size(0) != batch || labels.dtype() != DType::Int64)))
      throw Error("make_step_cache: a gated model with " + std::to_string(L) + " labels needs " +
                  (L > 0 ? "labels (" + std::to_string(batch) + ",) int64" : std::string("no labels")) + ", got " +
                  (labels.defined() ? std::string(dtype_name(labels.dtype())) + " " + to_string(labels.shape()) : std::string("none")));
    NoGradGuard no_grad;
    for (size_t j = 0; j < net.blocks_.size(); ++j) {
      const forecast::WaveNetBlock& b = *net.blocks_[j];
      queues_.emplace_back(b.dilation(), batch, net.config_.embd, b.dilated().weight.dtype());
      dilated_.emplace_back(b.dilated());
      out_.emplace_back(b.out());
      if (L > 0) conditions_.push_back((*net.conditions_[j])(labels));  // (B, 2C), fixed per word
    }
    head1_ = StepWeights(*net.head1_);
    head2_ = StepWeights(*net.head2_);
  }
  Tensor push(const Tensor& chars) override {  // (B,) -> (B, V)
    check(chars);
    NoGradGuard no_grad;
    const int64_t C = net_.config_.embd, S = net_.config_.hidden;
    Tensor h = (*net_.embedding_)(chars);  // (B, C)
    Tensor skip;                           // (B, S)
    for (size_t j = 0; j < queues_.size(); ++j) {
      Tensor z = dilated_[j](concat({queues_[j].pop_push(h), h}, 1));  // (B, 2C) from h[t - d], h[t]
      if (!conditions_.empty()) z = z + conditions_[j];
      Tensor o = out_[j](gated_activation(z));  // (B, C + S)
      h = h + narrow(o, 1, 0, C);
      skip = skip.defined() ? skip + narrow(o, 1, C, S) : narrow(o, 1, C, S);
    }
    return head2_(relu(head1_(relu(skip))));
  }

 private:
  GatedWaveNet& net_;
  std::vector<Queue> queues_;
  std::vector<StepWeights> dilated_, out_;
  std::vector<Tensor> conditions_;
  StepWeights head1_, head2_;
};

std::unique_ptr<StepCache> make_step_cache(Module& model, const ModelConfig& config, int64_t batch,
                                           const Tensor& labels) {
  if (batch < 1) throw Error("make_step_cache: batch must be >= 1, got " + std::to_string(batch));
  if (auto* conv = dynamic_cast<ConvWaveNet*>(&model); conv && config.kind == ModelKind::Conv) {
    return std::make_unique<ConvCache>(*conv, batch, labels);
  }
  if (auto* gated = dynamic_cast<GatedWaveNet*>(&model); gated && config.kind == ModelKind::Gated)
    return std::make_unique<GatedCache>(*gated, batch, labels);
  throw Error("make_step_cache: only the conv and gated models have a cache, not " + kind_name(config.kind) +
              " (" + model.describe() + ")");
}

}  // namespace ripple::makemore
