// WaveNet: gated residual blocks, skip connections, the ReLU-1x1-ReLU-1x1 head, generation with
// and without the per-layer queues of the fast WaveNet, and those queues (WaveNetCache).
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
                                 const Tensor& out_w, const Tensor& out_b, int64_t dilation,
                                 const Tensor& condition) {
  const int64_t C = x.size(-1);
  Tensor z = conv1d(x, dilated_w, dilated_b, 1, dilation, Padding::Causal);  // (B, T, 2C)
  if (condition.defined()) z = z + condition;                                 // (B, 1, 2C) broadcast
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

WaveNetBlockOutput WaveNetBlock::run(const Tensor& x) { return run(x, Tensor()); }

WaveNetBlockOutput WaveNetBlock::run(const Tensor& x, const Tensor& condition) {
  SummaryCall call(*this);
  WaveNetBlockOutput o = compute(x, condition);
  call.outputs({o.residual.shape(), o.skip.shape()});
  return o;
}

Tensor WaveNetBlock::forward(const Tensor& x) { return compute(x).residual; }

WaveNetBlockOutput WaveNetBlock::compute(const Tensor& x, const Tensor& condition) {  // (B, T, C) -> (B, T, C), (B, T, S)
  if (x.dim() != 3 || x.size(2) != channels_)
    throw Error("WaveNetBlock: expected x (B, T, " + str(channels_) + "), got " + to_string(x.shape()));
  if (condition.defined() &&
      (condition.dim() != 3 || condition.size(0) != x.size(0) || condition.size(1) != 1 || condition.size(2) != 2 * channels_))
    throw Error("WaveNetBlock: expected the condition (" + str(x.size(0)) + ", 1, " + str(2 * channels_) + "), got " +
                to_string(condition.shape()));
  return wavenet_block(x, dilated_->weight, dilated_->bias, out_->weight, out_->bias, dilation_, condition);
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

int64_t WaveNet::receptive_field() const {
  int64_t r = 2;  // the input conv's two taps
  for (const auto& b : blocks_) r += b->dilation();
  return r;
}

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
  const int64_t B = history.size(0), E = options_.outputs;
  WaveNetCache cache(*this, history);  // one pass over the history fills the queues
  Tensor pending = cache.forecast();   // (B, E)
  std::vector<Tensor> produced;        // (B, 1) each
  while (static_cast<int64_t>(produced.size()) < steps) {
    Tensor next;
    for (int64_t k = 0; k < E && static_cast<int64_t>(produced.size()) < steps; ++k) {
      Tensor v = contiguous(narrow(pending, 1, k, 1));
      produced.push_back(v);
      if (static_cast<int64_t>(produced.size()) < steps) next = cache.push(v);  // one step on (B, C)
    }
    pending = next;
  }
  return produced.empty() ? zeros({B, 0}, history.dtype()) : concat(produced, 1);
}

// --- the fast WaveNet's state ----------------------------------------------------------------------

Tensor WaveNetCache::Queue::pop_push(const Tensor& v) {
  Tensor old = slots[head];
  slots[head] = v;
  head = (head + 1) % slots.size();
  return old;
}

// A queue of seq's last d steps: seq (B, T, C) -> slots (B, C) for steps T - d .. T - 1, zeros
// before the start (the causal padding).
WaveNetCache::Queue WaveNetCache::queue_of(const Tensor& seq, int64_t d) {
  Queue q;
  const int64_t T = seq.size(1);
  for (int64_t pos = T - d; pos < T; ++pos)
    q.slots.push_back(pos >= 0 ? kernel::clone(select(seq, 1, pos))  // not a view of the caller's
                               : zeros({seq.size(0), seq.size(2)}, seq.dtype()));
  return q;
}

// weight (k, C_in, C_out) is read as the matrix (k C_in, C_out) whose rows are the taps in order,
// and handed to linear() transposed, (C_out, k C_in): one GEMM of [x[t - d], x[t]] (B, k C_in).
// Views without gradients (the cache is built under NoGradGuard): they see the parameters'
// current values.
WaveNetCache::StepWeights::StepWeights(const Conv1d& conv)
    : weight(transpose(reshape(conv.weight, {conv.weight.size(0) * conv.weight.size(1), conv.weight.size(2)}),
                       0, 1)),
      bias(conv.bias) {}

WaveNetCache::WaveNetCache(WaveNet& net, const Tensor& history) : net_(&net) {
  const WaveNetOptions& o = net.options_;
  if (history.dim() != 3 || history.size(2) != o.features)
    throw Error("WaveNetCache: expected the history (B, T, " + str(o.features) + "), got " +
                to_string(history.shape()));
  NoGradGuard no_grad;
  input_w_ = StepWeights(*net.input_);
  head1_w_ = StepWeights(*net.head1_);
  head2_w_ = StepWeights(*net.head2_);
  for (const auto& b : net.blocks_) {
    dilated_w_.emplace_back(b->dilated());
    out_w_.emplace_back(b->out());
  }
  batch_ = history.size(0);
  steps_ = history.size(1);
  // Only the last R steps reach the queues and the forecast (the last W too for the linear path):
  // block j's queue holds its inputs at T - d_j .. T - 1, which see back to T - 1 - (d_1 + ... +
  // d_j) >= T - R + 1. A longer history would cost a longer pass for the same numbers.
  const int64_t W = o.linear_window, keep = std::min(steps_, std::max(net.receptive_field(), W));
  if (keep == 0) {  // nothing seen yet: every queue holds the causal padding's zeros
    input_.slots.assign(1, zeros({batch_, o.features}, o.dtype));
    for (const auto& b : net.blocks_)
      blocks_.push_back({std::vector<Tensor>(static_cast<size_t>(b->dilation()),
                                             zeros({batch_, o.channels}, o.dtype))});
    if (W > 0) window_ = zeros({batch_, W, o.features}, o.dtype);
    return;
  }
  const Tensor h = kernel::to_dtype(narrow(history, 1, steps_ - keep, keep), o.dtype);  // (B, keep, F)
  if (W > 0)  // the linear path's window, zeros before the start
    window_ = keep >= W ? kernel::clone(narrow(h, 1, keep - W, W))  // not a view of the caller's
                        : concat({zeros({batch_, W - keep, o.features}, o.dtype), h}, 1);
  input_ = queue_of(h, 1);
  const Tensor skip = net.skips(h, [&](const WaveNetBlock& block, const Tensor& in) {
    blocks_.push_back(queue_of(in, block.dilation()));
  });
  forecast_ = head_step(select(skip, 1, keep - 1));
}

Tensor WaveNetCache::push(const Tensor& x) {  // (B, F) -> (B, E)
  const WaveNetOptions& o = net_->options_;
  if (x.dim() != 2 || x.size(0) != batch_ || x.size(1) != o.features)
    throw Error("WaveNetCache::push: expected x (" + str(batch_) + ", " + str(o.features) +
                "), one step of each series, got " + to_string(x.shape()));
  NoGradGuard no_grad;
  const Tensor v = kernel::clone(kernel::to_dtype(x, o.dtype));  // queued: a copy, the caller may reuse x
  const int64_t C = o.channels, S = o.skip_channels, W = o.linear_window;
  auto conv = [](const StepWeights& w, const Tensor& in) { return linear(in, w.weight, w.bias); };
  Tensor h = conv(input_w_, concat({input_.pop_push(v), v}, 1));  // (B, C) from x[t - 1], x[t]
  Tensor skip;                                                    // (B, S)
  for (size_t j = 0; j < blocks_.size(); ++j) {
    Tensor z = conv(dilated_w_[j], concat({blocks_[j].pop_push(h), h}, 1));  // (B, 2C) from h[t - d], h[t]
    Tensor out = conv(out_w_[j], gated_activation(z));                      // (B, C + S)
    h = h + narrow(out, 1, 0, C);
    skip = skip.defined() ? skip + narrow(out, 1, C, S) : narrow(out, 1, C, S);
  }
  if (W > 0)  // the window moves on by one step
    window_ = W == 1 ? unsqueeze(v, 1) : concat({narrow(window_, 1, 1, W - 1), unsqueeze(v, 1)}, 1);
  ++steps_;
  forecast_ = head_step(skip);
  return forecast_;
}

Tensor WaveNetCache::head_step(const Tensor& skip) {  // (B, S) -> (B, E)
  const Tensor y = linear(relu(linear(relu(skip), head1_w_.weight, head1_w_.bias)), head2_w_.weight,
                         head2_w_.bias);
  if (!window_.defined()) return y;
  const WaveNetOptions& o = net_->options_;
  return y + (*net_->linear_)(reshape(window_, {batch_, o.linear_window * o.features}));
}

}  // namespace ripple::forecast
