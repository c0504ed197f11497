// makemore: word sequences for the conv model, evaluation and sampling.
#include <algorithm>
#include <cmath>

#include "autograd/ops.h"
#include "models/makemore.h"

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

double evaluate(Module& model, const Dataset& data, int64_t chunk) {
  EvalGuard eval(model);
  NoGradGuard no_grad;
  double total = 0;
  int64_t count = 0;
  for (int64_t start = 0; start < data.size(); start += chunk) {
    const int64_t len = std::min(chunk, data.size() - start);
    Tensor y = narrow(data.y, 0, start, len);
    Tensor logits = model(narrow(data.x, 0, start, len));
    int64_t counted = 0;
    for (int64_t v : y.to_vector<int64_t>()) counted += v != -100;
    if (counted == 0) continue;
    total += cross_entropy(logits, y).item() * static_cast<double>(counted);
    count += counted;
  }
  return count ? total / static_cast<double>(count) : NAN;
}

std::vector<std::string> sample(Module& model, const ModelConfig& config, const Vocab& vocab,
                                int64_t n, const SampleOptions& opt, Generator& gen) {
  if (!(opt.temperature > 0)) throw Error("sample: temperature must be positive");
  EvalGuard eval(model);
  NoGradGuard no_grad;
  const bool conv = whole_words(config.kind);
  std::vector<std::string> words;
  for (int64_t i = 0; i < n; ++i) {
    // hierarchical models read the last block_size characters; the conv model reads '.' + word
    std::vector<int64_t> context(conv ? 1 : config.block_size, 0);
    std::string word;
    for (int64_t step = 0; step < opt.max_length; ++step) {
      const auto len = static_cast<int64_t>(context.size());
      Tensor logits = model(from_vector(context, {1, len}));
      if (conv) logits = select(logits, 1, len - 1);  // (1, V): the prediction after the last char
      std::vector<double> z = (logits / opt.temperature).to_vector<double>();
      if (opt.top_k > 0 && opt.top_k < static_cast<int64_t>(z.size())) {
        std::vector<double> sorted = z;
        std::nth_element(sorted.begin(), sorted.begin() + opt.top_k - 1, sorted.end(), std::greater<>());
        const double kth = sorted[opt.top_k - 1];
        for (double& v : z)
          if (v < kth) v = -INFINITY;
      }
      const double m = *std::max_element(z.begin(), z.end());
      for (double& v : z) v = std::exp(v - m);
      const int64_t ix = gen.multinomial(from_vector(z), 1).to_vector<int64_t>()[0];
      if (ix == 0) break;
      word += vocab.chars[ix];
      if (conv) context.push_back(ix);
      else {
        context.erase(context.begin());
        context.push_back(ix);
      }
    }
    words.push_back(word);
  }
  return words;
}

}  // namespace ripple::makemore
