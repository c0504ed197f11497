// WaveNet: gated residual blocks, skip connections, the ReLU-1x1-ReLU-1x1 head, and generation
// with and without the per-layer queues of the fast WaveNet.
#include "models/wavenet.h"

#include <algorithm>

#include "autograd/ops.h"
#include "layers/activation.h"
#include "layers/linear.h"

namespace ripple::forecast {

namespace {

std::string str(int64_t v) { return std::to_string(v); }

Conv1dOptions conv_options(int64_t dilation, DType dtype) {
  return {.dilation = dilation, .padding = Padding::Causal, .dtype = dtype};
}

// A ring of the last d inputs of one layer, oldest at `head`.
struct Queue {
  std::vector<Tensor> slots;
  size_t head = 0;
  // Returns the value d steps back and stores `v` in its place.
  Tensor pop_push(const Tensor& v) {
    Tensor old = slots[head];
    slots[head] = v;
    head = (head + 1) % slots.size();
    return old;
  }
};

// A queue of seq's last d steps: seq (B, T, C) -> slots (B, C) for steps T - d .. T - 1, zeros
// before the start (the causal padding).
Queue queue_of(const Tensor& seq, int64_t d) {
  Queue q;
  const int64_t T = seq.size(1);
  for (int64_t pos = T - d; pos < T; ++pos)
    q.slots.push_back(pos >= 0 ? contiguous(select(seq, 1, pos))
                               : zeros({seq.size(0), seq.size(2)}, seq.dtype()));
  return q;
}

// One step of a kernel-2 causal convolution: prev, cur (B, C_in) -> (B, C_out).
Tensor conv_step(const Conv1d& conv, const Tensor& prev, const Tensor& cur) {
  Tensor y = matmul(prev, select(conv.weight, 0, 0)) + matmul(cur, select(conv.weight, 0, 1));
  return conv.bias.defined() ? y + conv.bias : y;
}

// One step of a 1x1 convolution: x (B, C_in) -> (B, C_out).
Tensor pointwise_step(const Conv1d& conv, const Tensor& x) {
  Tensor y = matmul(x, select(conv.weight, 0, 0));
  return conv.bias.defined() ? y + conv.bias : y;
}

}  // namespace

int64_t layers_for_window(int64_t window, int64_t stacks) {
  if (stacks < 1) throw Error("layers_for_window: stacks must be >= 1, got " + str(stacks));
  int64_t L = 1;
  while (2 + stacks * ((int64_t{1} << L) - 1) < window && L < 30) ++L;
  return L;
}

WaveNetBlockOutput wavenet_block(const Tensor& x, const Tensor& dilated_w, const Tensor& dilated_b,
                                 const Tensor& out_w, const Tensor& out_b, int64_t dilation) {
  const int64_t C = x.size(-1);
  Tensor z = conv1d(x, dilated_w, dilated_b, 1, dilation, Padding::Causal);  // (B, T, 2C)
  Tensor g = gated_activation(z);                                             // (B, T, C)
  Tensor o = conv1d(g, out_w, out_b, 1, 1, Padding::Causal);                  // (B, T, C + S)
  const int64_t S = o.size(-1) - C;
  return {x + narrow(o, 2, 0, C), narrow(o, 2, C, S)};
}

WaveNetBlock::WaveNetBlock(int64_t channels, int64_t skip_channels, int64_t dilation, DType dtype,
                           Generator& gen)
    : channels_(channels), skip_channels_(skip_channels), dilation_(dilation) {
  dilated_ = register_module(
      "dilated", std::make_shared<Conv1d>(channels, 2 * channels, 2, conv_options(dilation, dtype), gen));
  out_ = register_module(
      "out", std::make_shared<Conv1d>(channels, channels + skip_channels, 1, conv_options(1, dtype), gen));
}

WaveNetBlockOutput WaveNetBlock::run(const Tensor& x) {
  SummaryCall call(*this);
  WaveNetBlockOutput o = compute(x);
  call.outputs({o.residual.shape(), o.skip.shape()});
  return o;
}

Tensor WaveNetBlock::forward(const Tensor& x) { return compute(x).residual; }

WaveNetBlockOutput WaveNetBlock::compute(const Tensor& x) {  // (B, T, C) -> (B, T, C), (B, T, S)
  if (x.dim() != 3 || x.size(2) != channels_)
    throw Error("WaveNetBlock: expected x (B, T, " + str(channels_) + "), got " + to_string(x.shape()));
  return wavenet_block(x, dilated_->weight, dilated_->bias, out_->weight, out_->bias, dilation_);
}

std::string WaveNetBlock::describe() const {
  return "WaveNetBlock(" + str(channels_) + ", skip=" + str(skip_channels_) + ", dilation=" + str(dilation_) + ")";
}

WaveNet::WaveNet(const WaveNetOptions& o, Generator& gen) : options_(o) {
  if (o.features < 1 || o.outputs < 1 || o.channels < 1 || o.skip_channels < 1 || o.stacks < 1 ||
      o.layers_per_stack < 1 || o.layers_per_stack > 30 || o.linear_window < 0 ||
      (o.linear_window > 0 && !o.direct))
    throw Error("WaveNet: sizes must be positive (features " + str(o.features) + ", outputs " +
                str(o.outputs) + ", channels " + str(o.channels) + ", skip " + str(o.skip_channels) +
                ", stacks " + str(o.stacks) + ", layers per stack " + str(o.layers_per_stack) +
                ", linear window " + str(o.linear_window) + (o.direct ? "" : " without the direct head") + ")");
  input_ = register_module("input", std::make_shared<Conv1d>(o.features, o.channels, 2,
                                                             conv_options(1, o.dtype), gen));
  for (int64_t s = 0; s < o.stacks; ++s)
    for (int64_t l = 0; l < o.layers_per_stack; ++l)
      blocks_.push_back(register_module(
          "blocks." + str(static_cast<int64_t>(blocks_.size())),
          std::make_shared<WaveNetBlock>(o.channels, o.skip_channels, int64_t{1} << l, o.dtype, gen)));
  head1_ = register_module("head1", std::make_shared<Conv1d>(o.skip_channels, o.skip_channels, 1,
                                                             conv_options(1, o.dtype), gen));
  head2_ = register_module("head2", std::make_shared<Conv1d>(o.skip_channels, o.outputs, 1,
                                                             conv_options(1, o.dtype), gen));
  if (o.linear_window > 0)
    linear_ = register_module("linear", std::make_shared<Linear>(o.linear_window * o.features, o.outputs, gen,
                                                                 LinearOptions{.dtype = o.dtype}));
}

Tensor WaveNet::forward(const Tensor& x) {  // (B, T, F) -> (B, T, E), direct: (B, E)
  if (!options_.direct) return head(skips(x));
  Tensor y = select(head(unsqueeze(last_skip(x), 1)), 1, 0);  // (B, E)
  if (!linear_) return y;
  const int64_t W = options_.linear_window, F = options_.features;
  if (x.size(1) != W)
    throw Error("WaveNet: the linear path reads windows of " + str(W) + " steps, got x " + to_string(x.shape()));
  return y + (*linear_)(reshape(x, {x.size(0), W * F}));
}

Tensor WaveNet::skips(const Tensor& x, const BlockInput& block_input) {
  Tensor h = (*input_)(x);  // (B, T, C)
  Tensor skip;              // (B, T, S), summed over the blocks
  for (auto& block : blocks_) {
    if (block_input) block_input(*block, h);
    WaveNetBlockOutput o = block->run(h);
    h = o.residual;
    skip = skip.defined() ? skip + o.skip : o.skip;
  }
  return skip;
}

// The direct head reads the summed skips at the last step only, so each block is computed only
// at the steps that reach it: going back from T - 1, a block of dilation d needs its input at the
// steps its output needs and d before them. For one stack of dilations 1 .. 256 over 336 steps
// that is 338 block outputs instead of 9 x 336 = 3,024.
Tensor WaveNet::last_skip(const Tensor& x) {  // (B, T, F) -> (B, S)
  const Tensor h0 = (*input_)(x);  // (B, T, C), every step: the first block reads them all
  const int64_t B = h0.size(0), T = h0.size(1), C = options_.channels, S = options_.skip_channels;
  const size_t L = blocks_.size();
  std::vector<std::vector<int64_t>> need(L + 1);  // need[j]: the steps block j's input is needed at
  need[L] = {T - 1};
  for (size_t j = L; j-- > 0;) {
    std::vector<int64_t> steps = need[j + 1];
    for (int64_t p : need[j + 1])
      if (p - blocks_[j]->dilation() >= 0) steps.push_back(p - blocks_[j]->dilation());
    std::sort(steps.begin(), steps.end());
    steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
    need[j] = steps;
  }
  auto positions = [](const std::vector<int64_t>& v) {
    return from_vector(v, {static_cast<int64_t>(v.size())});
  };
  Tensor h = index_select(h0, 1, positions(need[0]));  // (B, |need[0]|, C)
  Tensor skip;                                          // (B, S) at T - 1
  for (size_t j = 0; j < L; ++j) {
    const WaveNetBlock& b = *blocks_[j];
    SummaryCall call(b);  // summary() lists the block with what it computed
    const std::vector<int64_t>&in = need[j], &out = need[j + 1];
    // where each output step and the step d before it lie among the input steps; a step before
    // the start reads the zero row appended at index |in| (the causal padding)
    std::vector<int64_t> now, before;
    for (int64_t q : out) {
      now.push_back(std::lower_bound(in.begin(), in.end(), q) - in.begin());
      const int64_t p = q - b.dilation();
      before.push_back(p >= 0 ? std::lower_bound(in.begin(), in.end(), p) - in.begin()
                              : static_cast<int64_t>(in.size()));
    }
    const Tensor padded = concat({h, zeros({B, 1, C}, h.dtype())}, 1);
    const Tensor h_now = index_select(padded, 1, positions(now));  // (B, |out|, C)
    const Tensor h_before = index_select(padded, 1, positions(before));
    const int64_t n = static_cast<int64_t>(out.size());
    auto rows = [&](const Tensor& t) { return reshape(t, {B * n, t.size(2)}); };
    Tensor z = conv_step(b.dilated(), rows(h_before), rows(h_now));  // (B n, 2C)
    Tensor o = reshape(pointwise_step(b.out(), gated_activation(z)), {B, n, C + S});
    h = h_now + narrow(o, 2, 0, C);
    Tensor s = select(narrow(o, 2, C, S), 1, n - 1);  // the skip at T - 1, the last output step
    skip = skip.defined() ? skip + s : s;
    call.outputs({h.shape(), s.shape()});
  }
  return skip;
}

Tensor WaveNet::head(const Tensor& skip) { return (*head2_)(relu((*head1_)(relu(skip)))); }

std::string WaveNet::describe() const {
  return "WaveNet(features=" + str(options_.features) + ", channels=" + str(options_.channels) +
         ", skip=" + str(options_.skip_channels) + ", stacks=" + str(options_.stacks) +
         ", layers=" + str(options_.layers_per_stack) + ", outputs=" + str(options_.outputs) +
         (options_.direct ? ", direct" : "") +
         (options_.linear_window ? ", linear path over " + str(options_.linear_window) + " steps" : "") + ")";
}

Tensor WaveNet::generate(const Tensor& history, int64_t steps, bool cached) {
  if (history.dim() != 3 || history.size(2) != 1 || options_.features != 1 || history.size(1) < 1)
    throw Error("WaveNet::generate: needs a one-feature model and history (B, T >= 1, 1), got " +
                to_string(history.shape()) + " for a model of " + str(options_.features) + " features");
  if (steps < 0) throw Error("WaveNet::generate: steps must be >= 0, got " + str(steps));
  if (linear_)
    throw Error("WaveNet::generate: the linear path reads a fixed window of " + str(options_.linear_window) +
                " steps; slide the window instead (forecast::forecast_horizon does)");
  NoGradGuard no_grad;
  return cached ? generate_cached(history, steps) : generate_uncached(history, steps);
}

Tensor WaveNet::generate_uncached(const Tensor& history, int64_t steps) {
  const int64_t B = history.size(0), E = options_.outputs;
  Tensor seq = history;
  std::vector<Tensor> produced;  // (B, 1) each
  Tensor pending = forecast_last(seq);  // (B, E)
  while (static_cast<int64_t>(produced.size()) < steps) {
    for (int64_t k = 0; k < E && static_cast<int64_t>(produced.size()) < steps; ++k) {
      Tensor v = narrow(pending, 1, k, 1);
      produced.push_back(v);
      seq = concat({seq, reshape(v, {B, 1, 1})}, 1);
    }
    if (static_cast<int64_t>(produced.size()) < steps) pending = forecast_last(seq);
  }
  return produced.empty() ? zeros({B, 0}, history.dtype()) : concat(produced, 1);
}

Tensor WaveNet::generate_cached(const Tensor& history, int64_t steps) {
  const int64_t B = history.size(0), E = options_.outputs, C = options_.channels,
                S = options_.skip_channels;
  // One pass over the history, keeping every dilated layer's input to fill its queue.
  Queue input_queue = queue_of(history, 1);
  std::vector<Queue> queues;
  const Tensor skip = skips(history, [&](const WaveNetBlock& block, const Tensor& h) {
    queues.push_back(queue_of(h, block.dilation()));
  });
  Tensor pending = select(head(narrow(skip, 1, skip.size(1) - 1, 1)), 1, 0);  // (B, E)

  // Appending value v (B, 1) is one pass through the layers on (B, C) vectors.
  auto step = [&](const Tensor& v) {
    Tensor hs = conv_step(*input_, input_queue.pop_push(v), v);  // (B, C)
    Tensor sk;                                                   // (B, S)
    for (size_t l = 0; l < blocks_.size(); ++l) {
      const WaveNetBlock& b = *blocks_[l];
      Tensor z = conv_step(b.dilated(), queues[l].pop_push(hs), hs);  // (B, 2C)
      Tensor o = pointwise_step(b.out(), gated_activation(z));       // (B, C + S)
      hs = hs + narrow(o, 1, 0, C);
      sk = sk.defined() ? sk + narrow(o, 1, C, S) : narrow(o, 1, C, S);
    }
    return select(head(unsqueeze(sk, 1)), 1, 0);  // the head on one step: (B, 1, S) -> (B, E)
  };

  std::vector<Tensor> produced;
  while (static_cast<int64_t>(produced.size()) < steps) {
    Tensor next;
    for (int64_t k = 0; k < E && static_cast<int64_t>(produced.size()) < steps; ++k) {
      Tensor v = contiguous(narrow(pending, 1, k, 1));
      produced.push_back(v);
      if (static_cast<int64_t>(produced.size()) < steps) next = step(v);
    }
    pending = next;
  }
  return produced.empty() ? zeros({B, 0}, history.dtype()) : concat(produced, 1);
}

}  // namespace ripple::forecast
