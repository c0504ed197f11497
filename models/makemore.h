/// @file
/// makemore: character-level language models over a list of words (Karpathy's makemore).
///
/// Data: one word per line, UTF-8. The vocabulary is '.' (index 0, which marks both the start and
/// the end of a word) followed by the sorted distinct characters (Unicode code points) of the data.
/// Every word w gives len(w) + 1 examples: the block_size characters before position i (padded
/// with '.') predict character i, the last one predicting the closing '.'.
///
/// Models (all map (B, block_size) int64 contexts to (B, V) logits):
/// @code{.unparsed}
///   wavenet  the "makemore Part 5" hierarchical model: Embedding(V, E), then log2(block_size)
///            times [FlattenConsecutive(2), Linear(no bias) -> H, BatchNorm1d(H), Tanh], then
///            Linear(H, V) with its weight scaled by 0.1.
///   mlp      the lecture's flat baseline: Embedding, flatten all block_size characters,
///            Linear(no bias) -> H, BatchNorm1d, Tanh, Linear(H, V).
///   conv     the same WaveNet as causal dilated convolutions (dilations 1, 2, 4, ...) over a
///            whole word, predicting every position in one pass: see models/makemore_conv.h.
///   gated    the WaveNet paper's gated residual stack (tanh x sigmoid, residual and skip 1x1
///            convolutions, ReLU-1x1-ReLU-1x1 head) over whole words: models/makemore_gated.h.
/// @endcode
/// conv and gated map (B, T) words to (B, T, V) logits, a prediction at every position.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "../core/generator.h"
#include "../layers/checkpoint.h"
#include "../layers/module.h"

/// The makemore app's character-level language models, their data and sampling.
namespace ripple::makemore {

/// The characters a model knows, by index.
struct Vocab {
  std::vector<std::string> chars;  ///< chars[0] == "."; UTF-8 encoded code points
  int64_t size() const { return static_cast<int64_t>(chars.size()); }  ///< V, including '.'
  int64_t index(const std::string& ch) const;  ///< throws for a character not in the vocabulary
};

/// The longest word load_words accepts, in characters: the conv model pads every word of a batch
/// to the longest, so one huge line would make every step that long.
inline constexpr size_t kMaxWordLength = 256;
/// The largest word list load_words reads: 256 MiB (names.txt is 228 KB).
inline constexpr uint64_t kMaxWordListBytes = uint64_t{256} << 20;

/// Words of a UTF-8 text file, one per line (a labelled list's first column); blank lines skipped, a leading BOM, CRLF and
/// trailing spaces handled. Throws naming the file (and line) if it is missing, not a regular
/// file (a directory, a FIFO, /dev/zero), larger than kMaxWordListBytes, empty, holds a NUL byte,
/// invalid UTF-8 or a word longer than kMaxWordLength, or has fewer than two distinct characters.
std::vector<std::string> load_words(const std::string& path);
/// The words of a word list's text, with the checks of load_words; `path` names it in messages.
/// load_words reads the file and calls this; the fuzzer (fuzz/fuzz_words.cpp) calls it directly.
std::vector<std::string> parse_words(std::string_view text, const std::string& path);

/// A word list whose lines may have a second, tab-separated column: a label per word ("hund\tde").
/// Either every line has one or none does. The labels are kept as indices into label_names.
struct WordList {
  std::vector<std::string> words;
  std::vector<int64_t> labels{};            ///< labels[i] indexes label_names; empty if unlabelled
  std::vector<std::string> label_names{};   ///< the distinct labels, sorted (byte order); empty if unlabelled
  bool labelled() const { return !label_names.empty(); }
};
/// The longest label, in bytes, and the most distinct labels a word list may have.
inline constexpr size_t kMaxLabelBytes = 64, kMaxLabels = 1000;
/// load_words with the labels: the same checks, and throws naming the file and line for a line
/// without a label among labelled ones (or the reverse), a label without a word, more than two
/// columns, or a label longer than kMaxLabelBytes; and for more than kMaxLabels distinct labels.
WordList load_word_list(const std::string& path);
/// The same from a word list's text; parse_words is its `words`.
WordList parse_word_list(std::string_view text, const std::string& path);
std::vector<std::string> split_chars(const std::string& word);  ///< UTF-8 code points
Vocab build_vocab(const std::vector<std::string>& words);  ///< "." then the sorted characters
/// Throws if a word holds '.', which is reserved as the start/end token.
void check_words(const std::vector<std::string>& words, const std::string& path);

/// Examples as tensors: contexts x and targets y.
struct Dataset {
  Tensor x;  ///< (N, block_size) int64 contexts
  Tensor y;  ///< (N,) int64 next-character targets
  Tensor labels{};  ///< (N,) int64, one per row, for a conditional model; undefined otherwise
  int64_t size() const { return y.defined() ? y.size(0) : 0; }  ///< N
};
/// Every example of `words` (see makemore.h): x (N, block_size) contexts, y (N,) targets.
/// Throws for a character not in `vocab`.
Dataset build_dataset(const std::vector<std::string>& words, const Vocab& vocab,
                      int64_t block_size);

/// The lecture's split: random.seed(seed); random.shuffle(words), reproduced exactly with
/// PythonRandom, then the first 80% / next 10% / last 10% of the words.
struct Splits {
  std::vector<std::string> train, val, test;
  std::vector<int64_t> train_labels{}, val_labels{}, test_labels{};  ///< per word, if the list is labelled
};
Splits split_words(std::vector<std::string> words, uint64_t seed);  ///< see Splits
/// The same split of a labelled list, each word keeping its label (unlabelled: split_words(words)).
Splits split_words(const WordList& list, uint64_t seed);

/// The models make_model builds (see the table above).
enum class ModelKind { WaveNet, Mlp, Conv, Gated };

/// Which model make_model builds, and its sizes; the defaults are the lecture's WaveNet.
struct ModelConfig {
  ModelKind kind = ModelKind::WaveNet;
  int64_t vocab_size = 27;  ///< V
  int64_t block_size = 8;   ///< characters of context
  int64_t embd = 24;        ///< E, the embedding size
  int64_t hidden = 128;     ///< H, the hidden size
  /// conv: the dilations of the convolutions, cycled over `layers`; empty: 1, 2, ..., block_size / 2
  /// (the lecture's receptive field). With dilations given, block_size is not used.
  std::vector<int64_t> dilations{};
  int64_t layers = 0;  ///< conv: the number of convolutions; 0: one per dilation
  int64_t labels = 0;  ///< conv, gated: the labels it is conditioned on (0: unconditional)
  double dropout = 0;  ///< conv and gated: the probability of dropping each embedding channel and each channel before the head, in training
};

/// True for the models that read whole words and predict every position (conv, gated).
bool whole_words(ModelKind kind);

/// The dilation of each convolution of a conv model: config.dilations (or 1, 2, ..., block_size / 2)
/// cycled to config.layers entries. {1, 2, 4, 8} with 6 layers gives 1, 2, 4, 8, 1, 2.
std::vector<int64_t> conv_dilations(const ModelConfig& config);
/// The characters of context a conv model's prediction depends on: 1 + the sum of its dilations.
int64_t conv_receptive_field(const ModelConfig& config);

/// A kind's name, as on the command line and in checkpoints, and its default sizes.
struct ModelKindInfo {
  ModelKind kind;
  std::string name;     ///< "wavenet", "mlp", "conv", "gated"
  ModelConfig defaults;  ///< the lecture's sizes for it: mlp 3 / 10 / 200, the others 8 / 24 / 128;
                         ///< gated: 32 residual channels, 320 skip channels, dilations 1, 2, 4, 8
                         ///< twice, dropout 0.3 (bench/makemore_recipes.sh widths and dropout)
};
/// Every kind, in the order wavenet, mlp, conv, gated.
const std::vector<ModelKindInfo>& model_kinds();
const ModelKindInfo& kind_info(ModelKind kind);
std::string kind_name(ModelKind kind);  ///< its name
/// The kind called `name`; throws ripple::Error "unknown model 'rnn' (choose wavenet, mlp, conv or gated)".
ModelKind parse_model_kind(const std::string& name);

/// The number of parameters make_model(config) would create, computed without building it (so a
/// size from a flag or a file can be checked before any memory is allocated). Throws if the
/// count overflows int64.
int64_t parameter_count(const ModelConfig& config);

/// Builds the model config.kind with the lecture's initialisation drawn from gen. Throws for
/// sizes below 1 or a block_size the model cannot use (wavenet and conv need a power of two).
std::shared_ptr<Module> make_model(const ModelConfig& config, Generator& gen);

}  // namespace ripple::makemore

namespace ripple::makemore {

/// Words as whole sequences, for the conv model: x = "." + word, y = word + ".", padded on the
/// right to the longest word with x = "." and y = ignore_index (-100), so cross_entropy with its
/// default ignore_index counts exactly the real predictions.
/// @code{.unparsed}
///   x: (N, L) int64, y: (N, L) int64 with L = longest word + 1
/// @endcode
Dataset build_sequences(const std::vector<std::vector<int64_t>>& words);
/// Each word as its characters' vocabulary indices. Throws for a character not in `vocab`.
std::vector<std::vector<int64_t>> encode_words(const std::vector<std::string>& words, const Vocab& vocab);

/// The model's logits for x, given the labels (B,) int64 of a conditional model (undefined for
/// the others). Throws ripple::Error for labels given to a model without conditioning.
Tensor logits_of(Module& model, const Tensor& x, const Tensor& labels);

/// Mean cross-entropy over every prediction of a dataset (with its labels, if any), in eval mode
/// and chunks of `chunk` rows (BatchNorm uses running statistics, so chunking does not change the
/// result; whole words are taken shortest first, each chunk cut to its longest and to at most
/// 4 * `chunk` positions, so that its activations stay as small as a chunk of contexts'). Restores
/// the model's train/eval mode.
double evaluate(Module& model, const Dataset& data, int64_t chunk = 4096);

/// The log-likelihood (natural log) of each word under a whole-word model (conv, gated): the sum
/// of log p(c_t | c_<t) over its characters and the closing '.'. `labels` (N,) int64 for a
/// conditional model. Eval mode, no gradients.
std::vector<double> word_log_likelihoods(Module& model, const std::vector<std::vector<int64_t>>& words,
                                         const Tensor& labels = {});

/// For each word, the label under which a conditional model (config.labels = L > 0) finds it most
/// likely: the argmax over the L labels of word_log_likelihoods, the first of equals. This is how
/// the app measures whether samples drawn under a label are recognised as that label's.
std::vector<int64_t> most_likely_labels(Module& model, const std::vector<std::vector<int64_t>>& words,
                                        int64_t labels);

/// How sample() draws.
struct SampleOptions {
  double temperature = 1.0;  ///< `> 0`; below 1 sharpens, above 1 flattens the distribution
  int64_t top_k = 0;         ///< keep only the k most likely characters; 0 keeps all
  int64_t max_length = 64;   ///< stop a word that never draws '.' (the prefix counted)
  std::string prefix{};      ///< every word starts with these characters, drawn from nothing
  int64_t label = -1;        ///< a conditional model's label to sample from; -1 for the others
  int64_t batch = 1000;      ///< conv, gated: words drawn side by side, one position at a time
  bool cached = true;        ///< conv, gated: per-layer queues (makemore_cache.h), not re-runs
};

/// A drawn word and how likely the model finds it.
struct Sampled {
  std::string word;
  double log_likelihood = 0;  ///< natural log of p(word): every character and the closing '.'
  int64_t predictions = 0;    ///< the characters it sums over (the closing '.' included)
  double per_character() const { return predictions ? log_likelihood / static_cast<double>(predictions) : 0; }
};

/// Draws n new words, one character at a time from the model's predicted distribution (eval
/// mode, no gradients), starting from a context of "." (then the prefix) and stopping at ".".
/// The likelihoods are the model's own (temperature 1, no top-k), whatever the draws used.
/// The hierarchical models draw one word after the other (the lecture's order); conv and gated
/// draw `batch` words side by side, one position at a time: cached, each new character goes
/// through the per-layer queues of makemore_cache.h; uncached, the model re-runs over the words
/// so far (the same draws, up to float rounding in the logits). Throws ripple::Error for a prefix with a character outside the vocabulary or '.', or
/// a label the model does not have (or none for a conditional model).
std::vector<Sampled> sample_words(Module& model, const ModelConfig& config, const Vocab& vocab, int64_t n,
                                  const SampleOptions& options, Generator& gen);
/// sample_words' words alone.
std::vector<std::string> sample(Module& model, const ModelConfig& config, const Vocab& vocab,
                                int64_t n, const SampleOptions& options, Generator& gen);

}  // namespace ripple::makemore

namespace ripple::makemore {

/// A model trained by the makemore app, with what is needed to use it.
struct TrainedModel {
  std::shared_ptr<Module> model;  ///< with the checkpoint's weights
  ModelConfig config;             ///< the model's configuration
  Vocab vocab;                    ///< the characters it was trained on
  std::vector<std::string> label_names{};  ///< a conditional model's labels, by index (sorted)
};

/// The prefix of the optimizer's state tensors in a makemore training checkpoint
/// ("optimizer.step", "optimizer.state.0.exp_avg"); load_trained skips them.
inline constexpr const char* kOptimizerStatePrefix = "optimizer.";

/// Rebuilds the model a makemore checkpoint describes (its "config", "vocab" and, for a
/// conditional model, "labels" metadata) and
/// loads its weights. Throws ripple::Error naming the file if it is missing, corrupt, lacks that
/// metadata, or its tensors do not fit the configuration.
TrainedModel load_trained(const std::string& checkpoint_path);
/// The same from a checkpoint already read (parse_safetensors: from memory); `name` stands for
/// the file in messages.
TrainedModel load_trained(const Checkpoint& checkpoint, const std::string& name);

}  // namespace ripple::makemore
