// makemore: word sequences for the whole-word models, evaluation, likelihoods and sampling.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "autograd/ops.h"
#include "models/makemore.h"
#include "models/makemore_cache.h"
#include "models/makemore_conv.h"
#include "models/makemore_gated.h"

namespace ripple::makemore {

std::vector<std::vector<int64_t>> encode_words(const std::vector<std::string>& words, const Vocab& vocab) {
  std::vector<std::vector<int64_t>> out;
  out.reserve(words.size());
  for (const auto& w : words) {
    std::vector<int64_t> ids;
    for (const auto& ch : split_chars(w)) ids.push_back(vocab.index(ch));
    out.push_back(std::move(ids));
  }
  return out;
}

Dataset build_sequences(const std::vector<std::vector<int64_t>>& words) {
  size_t longest = 0;
  for (const auto& w : words) longest = std::max(longest, w.size());
  const auto n = static_cast<int64_t>(words.size()), len = static_cast<int64_t>(longest + 1);
  std::vector<int64_t> xs(n * len, 0), ys(n * len, -100);
  for (int64_t i = 0; i < n; ++i) {
    const auto& w = words[i];
    for (size_t t = 0; t < w.size(); ++t) {
      xs[i * len + t + 1] = w[t];
      ys[i * len + t] = w[t];
    }
    ys[i * len + w.size()] = 0;  // the closing '.'
  }
  return {from_vector(xs, {n, len}), from_vector(ys, {n, len})};
}

Tensor logits_of(Module& model, const Tensor& x, const Tensor& labels) {
  if (!labels.defined()) return model(x);
  if (auto* gated = dynamic_cast<GatedWaveNet*>(&model)) return gated->forward(x, labels);
  if (auto* conv = dynamic_cast<ConvWaveNet*>(&model)) return conv->forward(x, labels);
  throw Error("makemore: labels given to a model without conditioning (" + model.describe() + ")");
}

double evaluate(Module& model, const Dataset& data, int64_t chunk) {
  EvalGuard eval(model);
  NoGradGuard no_grad;
  // Whole words (y (N, L)) go shortest first, each chunk cut to its longest word: a split padded
  // to its longest word is mostly padding (names: 16 positions, 7 real on average). The models
  // are causal and BatchNorm uses its running statistics, so no prediction changes.
  const bool words = data.y.dim() == 2;
  std::vector<int64_t> order(static_cast<size_t>(data.size())), length(order.size(), 0);
  std::iota(order.begin(), order.end(), 0);
  if (words) {
    const int64_t L = data.y.size(1);
    const std::vector<int64_t> y = data.y.to_vector<int64_t>();
    for (size_t i = 0; i < order.size(); ++i)
      for (int64_t t = 0; t < L; ++t)
        if (y[i * L + t] != -100) length[i] = t + 1;
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return length[a] < length[b]; });
  }
  double total = 0;
  int64_t count = 0;
  for (int64_t start = 0, len = 0; start < data.size(); start += len) {
    len = std::min(chunk, data.size() - start);
    Tensor x, y, labels;
    if (words) {
      // at most 4 * chunk positions: a chunk of long words holds fewer of them (its activations
      // are (len, T, channels), and freed blocks of every size stay in the storage cache)
      const int64_t longest = length[static_cast<size_t>(order[start + len - 1])];
      if (longest > 0) len = std::max<int64_t>(1, std::min(len, 4 * chunk / longest));
      const Tensor rows = from_vector(std::vector<int64_t>(order.begin() + start, order.begin() + start + len), {len});
      const int64_t T = length[static_cast<size_t>(order[start + len - 1])];
      if (T == 0) continue;
      x = narrow(index_select(data.x, 0, rows), 1, 0, T);
      y = narrow(index_select(data.y, 0, rows), 1, 0, T);
      if (data.labels.defined()) labels = index_select(data.labels, 0, rows);
    } else {
      x = narrow(data.x, 0, start, len);
      y = narrow(data.y, 0, start, len);
      if (data.labels.defined()) labels = narrow(data.labels, 0, start, len);
    }
    Tensor logits = logits_of(model, x, labels);
    int64_t counted = 0;
    for (int64_t v : y.to_vector<int64_t>()) counted += v != -100;
    if (counted == 0) continue;
    total += cross_entropy(logits, y).item() * static_cast<double>(counted);
    count += counted;
  }
  return count ? total / static_cast<double>(count) : NAN;
}

std::vector<double> word_log_likelihoods(Module& model, const std::vector<std::vector<int64_t>>& words,
                                         const Tensor& labels) {
  EvalGuard eval(model);
  NoGradGuard no_grad;
  std::vector<double> out;
  const int64_t n = static_cast<int64_t>(words.size()), chunk = 1024;
  for (int64_t start = 0; start < n; start += chunk) {
    const int64_t len = std::min(chunk, n - start);
    const Dataset d = build_sequences({words.begin() + start, words.begin() + start + len});
    const Tensor logp = log_softmax(logits_of(model, d.x, labels.defined() ? narrow(labels, 0, start, len) : Tensor()), 2);
    const std::vector<double> lp = logp.to_vector<double>();
    const std::vector<int64_t> y = d.y.to_vector<int64_t>();
    const int64_t T = d.x.size(1), V = logp.size(2);
    for (int64_t i = 0; i < len; ++i) {
      double sum = 0;
      for (int64_t t = 0; t < T; ++t)
        if (const int64_t c = y[i * T + t]; c != -100) sum += lp[(i * T + t) * V + c];
      out.push_back(sum);
    }
  }
  return out;
}

std::vector<int64_t> most_likely_labels(Module& model, const std::vector<std::vector<int64_t>>& words,
                                        int64_t labels) {
  if (labels < 1) throw Error("most_likely_labels: a conditional model has at least one label, got " + std::to_string(labels));
  const auto n = static_cast<int64_t>(words.size());
  std::vector<int64_t> best(words.size(), 0);
  std::vector<double> best_ll(words.size(), -INFINITY);
  for (int64_t l = 0; l < labels; ++l) {
    const std::vector<double> ll = word_log_likelihoods(model, words, full({n}, static_cast<double>(l), DType::Int64));
    for (size_t i = 0; i < ll.size(); ++i)
      if (ll[i] > best_ll[i]) best_ll[i] = ll[i], best[i] = l;
  }
  return best;
}

namespace {

// log p(c) under the logits z (temperature 1): z[c] - logsumexp(z).
double log_prob(const std::vector<double>& z, size_t offset, size_t V, int64_t c) {
  double m = -INFINITY;
  for (size_t v = 0; v < V; ++v) m = std::max(m, z[offset + v]);
  double s = 0;
  for (size_t v = 0; v < V; ++v) s += std::exp(z[offset + v] - m);
  return z[offset + static_cast<size_t>(c)] - m - std::log(s);
}

// Draws a character from one row of logits with the temperature and top-k of `opt`. `z` holds the
// row already divided by the temperature.
int64_t draw(std::vector<double> z, const SampleOptions& opt, Generator& gen) {
  if (opt.top_k > 0 && opt.top_k < static_cast<int64_t>(z.size())) {
    std::vector<double> sorted = z;
    std::nth_element(sorted.begin(), sorted.begin() + opt.top_k - 1, sorted.end(), std::greater<>());
    const double kth = sorted[opt.top_k - 1];
    for (double& v : z)
      if (v < kth) v = -INFINITY;
  }
  const double m = *std::max_element(z.begin(), z.end());
  for (double& v : z) v = std::exp(v - m);
  return gen.multinomial(from_vector(z), 1).to_vector<int64_t>()[0];
}

// The hierarchical models read the last block_size characters: one word at a time, one forward
// pass per character (the lecture's loop, whose draws a bare run reproduces).
std::vector<Sampled> sample_windows(Module& model, const ModelConfig& config, const Vocab& vocab, int64_t n,
                                    const std::vector<int64_t>& prefix, const SampleOptions& opt, Generator& gen) {
  std::vector<Sampled> out;
  const auto V = static_cast<size_t>(vocab.size());
  for (int64_t i = 0; i < n; ++i) {
    std::vector<int64_t> context(config.block_size, 0);
    Sampled s;
    for (int64_t step = 0; step < opt.max_length; ++step) {
      Tensor logits = model(from_vector(context, {1, config.block_size}));  // (1, V)
      int64_t ix;
      if (step < static_cast<int64_t>(prefix.size())) ix = prefix[static_cast<size_t>(step)];
      else ix = draw((logits / opt.temperature).to_vector<double>(), opt, gen);
      s.log_likelihood += log_prob(logits.to_vector<double>(), 0, V, ix);
      ++s.predictions;
      if (ix == 0) break;
      s.word += vocab.chars[static_cast<size_t>(ix)];
      context.erase(context.begin());
      context.push_back(ix);
    }
    out.push_back(std::move(s));
  }
  return out;
}

// The whole-word models: B words side by side, one position per step for all of them; each step
// either pushes the new characters through the cache or re-runs the model over every word so far.
std::vector<Sampled> sample_sequences(Module& model, const ModelConfig& config, const Vocab& vocab, int64_t B,
                                      const std::vector<int64_t>& prefix, const SampleOptions& opt, Generator& gen) {
  const auto V = static_cast<size_t>(vocab.size());
  const Tensor labels = opt.label >= 0 ? full({B}, static_cast<double>(opt.label), DType::Int64) : Tensor();
  std::unique_ptr<StepCache> cache = opt.cached ? make_step_cache(model, config, B, labels) : nullptr;
  std::vector<Sampled> out(static_cast<size_t>(B));
  std::vector<std::vector<int64_t>> seqs(static_cast<size_t>(B), std::vector<int64_t>{0});  // '.' + word
  std::vector<bool> done(static_cast<size_t>(B), false);
  Tensor last = zeros({B}, DType::Int64);  // the character each word ended on: '.' to start
  for (int64_t step = 0; step < opt.max_length; ++step) {
    Tensor logits;  // (B, V): the prediction after each word's last character
    if (cache) {
      logits = cache->push(last);
    } else {
      std::vector<int64_t> flat;
      for (const auto& s : seqs) flat.insert(flat.end(), s.begin(), s.end());
      const auto T = static_cast<int64_t>(seqs[0].size());
      logits = select(logits_of(model, from_vector(flat, {B, T}), labels), 1, T - 1);
    }
    const std::vector<double> raw = logits.to_vector<double>();
    const std::vector<double> scaled = (logits / opt.temperature).to_vector<double>();
    std::vector<int64_t> next(static_cast<size_t>(B), 0);
    bool all_done = true;
    for (size_t b = 0; b < static_cast<size_t>(B); ++b) {
      if (done[b]) continue;
      int64_t ix;
      if (step < static_cast<int64_t>(prefix.size())) ix = prefix[static_cast<size_t>(step)];
      else ix = draw({scaled.begin() + static_cast<std::ptrdiff_t>(b * V), scaled.begin() + static_cast<std::ptrdiff_t>((b + 1) * V)}, opt, gen);
      out[b].log_likelihood += log_prob(raw, b * V, V, ix);
      ++out[b].predictions;
      if (ix == 0) {
        done[b] = true;
        continue;
      }
      out[b].word += vocab.chars[static_cast<size_t>(ix)];
      next[b] = ix;
      all_done = false;
    }
    if (all_done) break;
    if (cache) last = from_vector(next, {B});  // ended words: '.'
    else
      for (size_t b = 0; b < static_cast<size_t>(B); ++b) seqs[b].push_back(next[b]);
  }
  return out;
}

}  // namespace

std::vector<Sampled> sample_words(Module& model, const ModelConfig& config, const Vocab& vocab, int64_t n,
                                  const SampleOptions& opt, Generator& gen) {
  if (!(opt.temperature > 0)) throw Error("sample: temperature must be positive");
  if (opt.batch < 1) throw Error("sample: batch must be >= 1, got " + std::to_string(opt.batch));
  if (opt.label >= 0 && (config.labels == 0 || opt.label >= config.labels))
    throw Error("sample: label " + std::to_string(opt.label) + " for a model of " + std::to_string(config.labels) +
                " labels");
  if (opt.label < 0 && config.labels > 0)
    throw Error("sample: the model is conditioned on " + std::to_string(config.labels) + " labels; name one");
  std::vector<int64_t> prefix;
  for (const std::string& ch : split_chars(opt.prefix)) {
    if (ch == ".") throw Error("sample: the prefix '" + opt.prefix + "' holds '.', which ends a word");
    try {
      prefix.push_back(vocab.index(ch));
    } catch (const Error&) {
      throw Error("sample: the prefix '" + opt.prefix + "' has '" + ch + "', which is not in the vocabulary");
    }
  }
  EvalGuard eval(model);
  NoGradGuard no_grad;
  if (!whole_words(config.kind)) return sample_windows(model, config, vocab, n, prefix, opt, gen);
  std::vector<Sampled> out;
  for (int64_t start = 0; start < n; start += opt.batch) {  // a bounded batch of words at a time
    std::vector<Sampled> part = sample_sequences(model, config, vocab, std::min(opt.batch, n - start), prefix, opt, gen);
    out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  return out;
}

std::vector<std::string> sample(Module& model, const ModelConfig& config, const Vocab& vocab, int64_t n,
                                const SampleOptions& opt, Generator& gen) {
  std::vector<std::string> words;
  for (Sampled& s : sample_words(model, config, vocab, n, opt, gen)) words.push_back(std::move(s.word));
  return words;
}

}  // namespace ripple::makemore
