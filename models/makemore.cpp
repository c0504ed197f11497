// makemore data preparation and the hierarchical WaveNet / MLP models.
#include "models/makemore.h"

#include <algorithm>
#include <bit>
#include <set>
#include <sstream>

#include "autograd/ops.h"
#include "core/file.h"
#include "layers/activation.h"
#include "layers/batch_norm.h"
#include "layers/linear.h"
#include "layers/sequential.h"
#include "models/makemore_conv.h"
#include "models/makemore_gated.h"
#include "models/python_random.h"

namespace ripple::makemore {

int64_t Vocab::index(const std::string& ch) const {
  if (ch == chars[0]) return 0;  // "." marks start and end; the rest are sorted after it
  auto it = std::lower_bound(chars.begin() + 1, chars.end(), ch);
  if (it == chars.end() || *it != ch) throw Error("makemore: character '" + ch + "' is not in the vocabulary");
  return it - chars.begin();
}

// Length of the UTF-8 sequence starting at s[i], or 0 if it is not valid UTF-8.
static size_t utf8_length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return 0;
  if (n == 2 && c < 0xc2) return 0;  // overlong
  return n;
}

std::vector<std::string> split_chars(const std::string& word) {
  std::vector<std::string> out;
  for (size_t i = 0; i < word.size();) {
    size_t n = utf8_length(word, i);
    if (n == 0) throw Error("makemore: invalid UTF-8 in '" + word + "'");
    out.push_back(word.substr(i, n));
    i += n;
  }
  return out;
}

std::vector<std::string> load_words(const std::string& path) {
  if (file_kind(path) == "missing")
    throw Error(path + ": cannot open the word list (missing file or no permission)");
  // refuses a directory, a FIFO, a device (/dev/zero) or a file beyond the bound, naming it
  return parse_words(read_file(path, kMaxWordListBytes), path);
}

std::vector<std::string> parse_words(std::string_view text, const std::string& path) {
  return parse_word_list(text, path).words;
}

WordList load_word_list(const std::string& path) {
  if (file_kind(path) == "missing")
    throw Error(path + ": cannot open the word list (missing file or no permission)");
  return parse_word_list(read_file(path, kMaxWordListBytes), path);
}

namespace {

// The number of code points of `s`, or an Error at `at` naming the first byte that is not UTF-8.
size_t count_chars(std::string_view s, const std::string& at) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++chars) {
    const size_t n = utf8_length(s, i);
    if (n == 0) throw Error(at + "invalid UTF-8 at byte " + std::to_string(i + 1));
    i += n;
  }
  return chars;
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

}  // namespace

WordList parse_word_list(std::string_view text, const std::string& path) {
  if (text.size() > kMaxWordListBytes)
    throw Error(path + ": a word list of " + std::to_string(text.size()) + " bytes, more than the " +
                std::to_string(kMaxWordListBytes) + " bytes allowed");
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a BOM is not a character of the data
  std::vector<std::string> words, labels;
  int64_t first_labelled = 0, first_unlabelled = 0;  // line numbers, 0: none yet
  for (int64_t lineno = 1; !text.empty(); ++lineno) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    const std::string at = path + ":" + std::to_string(lineno) + ": ";
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank line
    if (line.find('\0') != std::string::npos)
      throw Error(at + "a NUL byte at byte " + std::to_string(line.find('\0') + 1) +
                  ": not a text file of words");
    // "word" or "word<TAB>label": the first tab separates the columns
    const size_t tab = line.find('\t');
    const std::string_view word = trim_spaces(line.substr(0, tab));
    if (word.empty()) throw Error(at + "a label without a word (the line starts with a tab)");
    const size_t chars = count_chars(word, at);
    if (chars > kMaxWordLength)
      throw Error(at + "a word of " + std::to_string(chars) + " characters; words may have at most " +
                  std::to_string(kMaxWordLength) + " (one word per line)");
    words.emplace_back(word);
    if (tab == std::string_view::npos) {
      if (first_unlabelled == 0) first_unlabelled = lineno;
      if (first_labelled > 0)
        throw Error(at + "'" + std::string(word) + "' has no label (a tab, then the label), but line " +
                    std::to_string(first_labelled) + " has one: label every word or none");
      continue;
    }
    std::string_view label = line.substr(tab + 1);
    while (!label.empty() && (label.front() == ' ' || label.front() == '\t')) label.remove_prefix(1);
    if (label.find('\t') != std::string_view::npos)
      throw Error(at + "more than two tab-separated columns (a word, then its label)");
    count_chars(label, at);
    if (label.size() > kMaxLabelBytes)
      throw Error(at + "a label of " + std::to_string(label.size()) + " bytes; labels may have at most " +
                  std::to_string(kMaxLabelBytes));
    if (first_labelled == 0) first_labelled = lineno;
    if (first_unlabelled > 0)
      throw Error(at + "'" + std::string(word) + "' has a label, but line " + std::to_string(first_unlabelled) +
                  " has none: label every word or none");
    labels.emplace_back(label);
  }
  if (words.empty()) throw Error(path + ": no words (the file is empty or blank)");
  check_words(words, path);
  if (build_vocab(words).size() < 3)
    throw Error(path + ": the words use a single distinct character; a language model needs at least two");
  WordList list;
  list.words = std::move(words);
  if (labels.empty()) return list;
  const std::set<std::string> distinct(labels.begin(), labels.end());
  list.label_names.assign(distinct.begin(), distinct.end());
  if (list.label_names.size() > kMaxLabels)
    throw Error(path + ": " + std::to_string(list.label_names.size()) + " distinct labels, more than the " +
                std::to_string(kMaxLabels) + " allowed");
  for (const std::string& label : labels)
    list.labels.push_back(std::lower_bound(list.label_names.begin(), list.label_names.end(), label) -
                          list.label_names.begin());
  return list;
}

void check_words(const std::vector<std::string>& words, const std::string& path) {
  for (size_t i = 0; i < words.size(); ++i)
    if (words[i].find('.') != std::string::npos)
      throw Error(path + ": word '" + words[i] + "' contains '.', which marks the start and end of words");
}

Vocab build_vocab(const std::vector<std::string>& words) {
  std::set<std::string> seen;
  for (const auto& w : words)
    for (auto& ch : split_chars(w)) seen.insert(ch);
  Vocab v;
  v.chars.push_back(".");
  v.chars.insert(v.chars.end(), seen.begin(), seen.end());  // byte order of UTF-8 = code point order
  return v;
}

Dataset build_dataset(const std::vector<std::string>& words, const Vocab& vocab, int64_t block_size) {
  std::vector<int64_t> xs, ys;
  for (std::vector<int64_t> ids : encode_words(words, vocab)) {
    std::vector<int64_t> context(block_size, 0);
    ids.push_back(0);  // the closing '.'
    for (int64_t id : ids) {
      xs.insert(xs.end(), context.begin(), context.end());
      ys.push_back(id);
      context.erase(context.begin());
      context.push_back(id);
    }
  }
  const auto n = static_cast<int64_t>(ys.size());
  return {from_vector(xs, {n, block_size}), from_vector(ys, {n})};
}

Splits split_words(const WordList& list, uint64_t seed) {
  if (!list.labelled()) return split_words(list.words, seed);
  std::vector<std::pair<std::string, int64_t>> pairs;  // shuffled as the words alone would be
  for (size_t i = 0; i < list.words.size(); ++i) pairs.emplace_back(list.words[i], list.labels.at(i));
  PythonRandom rng(static_cast<uint32_t>(seed));
  rng.shuffle(pairs);
  const auto n = static_cast<double>(pairs.size());
  const auto n1 = static_cast<size_t>(0.8 * n), n2 = static_cast<size_t>(0.9 * n);
  Splits s;
  for (size_t i = 0; i < pairs.size(); ++i) {
    auto& words = i < n1 ? s.train : i < n2 ? s.val : s.test;
    auto& labels = i < n1 ? s.train_labels : i < n2 ? s.val_labels : s.test_labels;
    words.push_back(pairs[i].first);
    labels.push_back(pairs[i].second);
  }
  return s;
}

Splits split_words(std::vector<std::string> words, uint64_t seed) {
  PythonRandom rng(static_cast<uint32_t>(seed));
  rng.shuffle(words);
  const auto n = static_cast<double>(words.size());
  const auto n1 = static_cast<size_t>(0.8 * n), n2 = static_cast<size_t>(0.9 * n);
  Splits s;
  s.train.assign(words.begin(), words.begin() + n1);
  s.val.assign(words.begin() + n1, words.begin() + n2);
  s.test.assign(words.begin() + n2, words.end());
  return s;
}

namespace {

// Flattens (B, T, E) to (B, T * E) for the MLP.
class FlattenAll : public Module {
 public:
  Tensor forward(const Tensor& x) override { return flatten(x, 1); }
  std::string describe() const override { return "Flatten"; }
};

// Linear with the lecture's initialisation: weight ~ N(0, 1) / sqrt(fan_in), no bias.
std::shared_ptr<Linear> lecture_linear(int64_t in, int64_t out, Generator& gen, bool bias) {
  return std::make_shared<Linear>(in, out, gen, LinearOptions{.bias = bias, .init = Init::Lecture});
}

std::shared_ptr<BatchNorm1d> lecture_batch_norm(int64_t channels) {
  return std::make_shared<BatchNorm1d>(channels, BatchNormOptions{.variance = VarianceConvention::Unbiased});
}

// The lecture scales the last layer's weight by 0.1 so the initial predictions are close to
// uniform (loss near log(V)).
std::shared_ptr<Linear> output_layer(int64_t in, int64_t vocab, Generator& gen) {
  auto out = lecture_linear(in, vocab, gen, true);
  NoGradGuard no_grad;
  kernel::copy_into(out->weight, out->weight * 0.1);
  return out;
}

}  // namespace

const std::vector<ModelKindInfo>& model_kinds() {
  static const std::vector<ModelKindInfo> kinds{
      {ModelKind::WaveNet, "wavenet", {.kind = ModelKind::WaveNet}},
      {ModelKind::Mlp, "mlp", {.kind = ModelKind::Mlp, .block_size = 3, .embd = 10, .hidden = 200}},
      {ModelKind::Conv, "conv", {.kind = ModelKind::Conv}},
      {ModelKind::Gated, "gated", {.kind = ModelKind::Gated, .embd = 32, .hidden = 320, .dilations = {1, 2, 4, 8, 1, 2, 4, 8}, .dropout = 0.3}}};
  return kinds;
}

bool whole_words(ModelKind kind) { return kind == ModelKind::Conv || kind == ModelKind::Gated; }

const ModelKindInfo& kind_info(ModelKind kind) {
  for (const ModelKindInfo& k : model_kinds())
    if (k.kind == kind) return k;
  throw Error("makemore: no model kind " + std::to_string(static_cast<int>(kind)));
}

std::string kind_name(ModelKind kind) { return kind_info(kind).name; }

ModelKind parse_model_kind(const std::string& name) {
  for (const ModelKindInfo& k : model_kinds())
    if (k.name == name) return k.kind;
  throw Error("makemore: unknown model '" + name + "' (choose wavenet, mlp, conv or gated)");
}

std::vector<int64_t> conv_dilations(const ModelConfig& c) {
  std::vector<int64_t> cycle = c.dilations;
  if (cycle.empty())
    for (int64_t d = 1; d < c.block_size; d *= 2) cycle.push_back(d);
  if (cycle.empty()) throw Error("makemore: a conv model needs at least one dilation (block size 2 or more)");
  for (int64_t d : cycle)
    if (d < 1) throw Error("makemore: dilations must be at least 1, got " + std::to_string(d));
  if (c.layers < 0) throw Error("makemore: layers must be >= 0, got " + std::to_string(c.layers));
  const size_t n = c.layers > 0 ? static_cast<size_t>(c.layers) : cycle.size();
  std::vector<int64_t> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = cycle[i % cycle.size()];
  return out;
}

int64_t conv_receptive_field(const ModelConfig& c) {
  int64_t r = 1;
  for (int64_t d : conv_dilations(c)) r = checked_add(r, d, "makemore: receptive field");
  return r;
}

int64_t parameter_count(const ModelConfig& c) {
  const char* what = "makemore: parameter count";
  auto mul = [what](int64_t a, int64_t b) { return checked_mul(a, b, what); };
  auto add = [what](int64_t a, int64_t b) { return checked_add(a, b, what); };
  const int64_t norm = mul(2, c.hidden);                                   // BatchNorm1d: weight, bias
  int64_t n = add(mul(c.vocab_size, c.embd), add(mul(c.hidden, c.vocab_size), c.vocab_size));  // in, out
  if (c.kind == ModelKind::Gated) {  // per block: dilated (2, C, 2C) + 2C, 1x1 (C, C + S) + C + S, label table (L, 2C)
    const int64_t C = c.embd, S = c.hidden;
    const int64_t block = add(add(mul(mul(4, C), C), mul(2, C)),
                              add(add(mul(C, add(C, S)), add(C, S)), mul(c.labels, mul(2, C))));
    n = add(n, mul(static_cast<int64_t>(conv_dilations(c).size()), block));
    return add(n, add(mul(S, S), S));  // head1
  }
  if (c.kind == ModelKind::Mlp) return add(n, add(mul(mul(c.embd, c.block_size), c.hidden), norm));
  // wavenet: log2(block) levels of Linear(2 * width, H) (no bias); conv: Conv1d(width, H, 2) per dilation
  const size_t levels = c.kind == ModelKind::Conv ? conv_dilations(c).size()
                                                  : static_cast<size_t>(std::bit_width(static_cast<uint64_t>(c.block_size)) - 1);
  int64_t width = c.embd;
  for (size_t level = 0; level < levels; ++level) {
    n = add(n, add(mul(mul(2, width), c.hidden), norm));
    if (c.kind == ModelKind::Conv) n = add(n, mul(c.labels, c.hidden));  // a conditional conv's label table
    width = c.hidden;
  }
  return n;
}

std::shared_ptr<Module> make_model(const ModelConfig& c, Generator& gen) {
  if (c.vocab_size < 2 || c.block_size < 1 || c.embd < 1 || c.hidden < 1)
    throw Error("makemore: vocab, block size, embedding and hidden sizes must be positive");
  if (c.kind == ModelKind::Conv) return std::make_shared<ConvWaveNet>(c, gen);
  if (c.kind == ModelKind::Gated) return std::make_shared<GatedWaveNet>(c, gen);
  auto model = std::make_shared<Sequential>();
  model->add(std::make_shared<Embedding>(c.vocab_size, c.embd, gen));
  if (c.kind == ModelKind::Mlp) {
    model->add(std::make_shared<FlattenAll>());
    model->add(lecture_linear(c.embd * c.block_size, c.hidden, gen, false));
    model->add(lecture_batch_norm(c.hidden));
    model->add(std::make_shared<Tanh>());
  } else {  // ModelKind::WaveNet
    if (!std::has_single_bit(static_cast<uint64_t>(c.block_size)) || c.block_size < 2)
      throw Error("makemore: the wavenet model needs a block size that is a power of two (2, 4, 8, 16, ...), got " +
                  std::to_string(c.block_size));
    int64_t width = c.embd;
    for (int64_t t = c.block_size; t > 1; t /= 2) {
      model->add(std::make_shared<FlattenConsecutive>(2));
      model->add(lecture_linear(2 * width, c.hidden, gen, false));
      model->add(lecture_batch_norm(c.hidden));
      model->add(std::make_shared<Tanh>());
      width = c.hidden;
    }
  }
  model->add(output_layer(c.hidden, c.vocab_size, gen));
  return model;
}

}  // namespace ripple::makemore
