// The makemore app's command line: flags, defaults, help and checks.
#include "apps/makemore/options.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "apps/common/cli.h"

namespace ripple::apps {
namespace {

// The largest sizes the flags accept: far beyond what trains in reasonable time here, and small
// enough that products of them never overflow. What fits in memory is checked after (below).
constexpr int64_t kMaxBlockSize = 1024, kMaxWidth = 65536, kMaxBatch = int64_t{1} << 20;
constexpr int64_t kMaxDilation = 1024, kMaxLayers = 64;

const std::vector<std::string> kOptimizers{"sgd", "adam", "adamw"};
const std::vector<std::string> kSchedules{"step", "cosine", "constant"};

// "1,2,4,8" (CLI11's items of `given`, the value as typed) as integers in [1, kMaxDilation], or a
// UsageError naming the flag, the value, the item and the rule.
std::vector<int64_t> parse_dilations(const std::vector<std::string>& items, const std::string& given) {
  std::vector<int64_t> out;
  for (const std::string& item : items) {
    int64_t d = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), d);
    if (ec != std::errc() || end != item.data() + item.size() || d < 1 || d > kMaxDilation)
      throw UsageError("makemore: --dilations must be integers in [1, " + std::to_string(kMaxDilation) +
                       "] separated by commas, got '" + given + "' ('" + item + "' is not)");
    out.push_back(d);
  }
  if (out.size() > static_cast<size_t>(kMaxLayers))
    throw UsageError("makemore: --dilations may list at most " + std::to_string(kMaxLayers) + " dilations, got " +
                     std::to_string(out.size()) + " in '" + given + "'");
  return out;
}

// The bytes a training run needs, roughly: the weights, their gradients and the SGD update (3
// copies), and per step the activations of a batch at every level, kept for the backward pass.
double training_bytes(const makemore::ModelConfig& c, int64_t batch) {
  makemore::ModelConfig big = c;
  big.vocab_size = 256;  // the vocabulary is unknown before the data are read; names have 27
  const double params = static_cast<double>(makemore::parameter_count(big));
  const double positions = static_cast<double>(batch) *
                           static_cast<double>(makemore::whole_words(c.kind) ? 32 : c.block_size);
  const double width = static_cast<double>(std::max({c.embd, c.hidden, big.vocab_size}));
  const double levels = 2 + (makemore::whole_words(c.kind)
                                 ? static_cast<double>(makemore::conv_dilations(c).size())
                                 : std::log2(static_cast<double>(c.block_size)));
  return 4 * (3 * params + 4 * positions * width * levels);
}

// Gives the fields of `o` that depend on the model kind its defaults: all of them before parsing
// (cli == nullptr), those the command line did not give after.
void use_defaults(MakemoreOptions& o, makemore::ModelKind kind, const Cli* cli) {
  auto unless_given = [cli](const char* flag, auto& field, auto value) {
    if (!cli || !cli->given(flag)) field = value;
  };
  const makemore::ModelConfig& sizes = makemore::kind_info(kind).defaults;
  unless_given("block-size", o.model.block_size, sizes.block_size);
  unless_given("embd", o.model.embd, sizes.embd);
  unless_given("hidden", o.model.hidden, sizes.hidden);
  unless_given("dilations", o.model.dilations, sizes.dilations);
  unless_given("layers", o.model.layers, sizes.layers);
  unless_given("dropout", o.model.dropout, sizes.dropout);
  const Recipe r = default_recipe(kind);
  unless_given("optimizer", o.optimizer, r.optimizer);
  unless_given("schedule", o.schedule, r.schedule);
  unless_given("steps", o.steps, r.steps);
  unless_given("batch", o.batch, r.batch);
  // Adam and AdamW start from PyTorch's lr, 0.001: the SGD recipes' 0.1 or 0.5 would diverge
  unless_given("lr", o.lr, o.optimizer == r.optimizer ? r.lr : o.optimizer == OptimizerKind::Sgd ? 0.1 : 1e-3);
  unless_given("weight-decay", o.weight_decay, o.optimizer == OptimizerKind::AdamW ? 0.01 : 0.0);
  // conv under Adam or AdamW: dropout 0.2, without which the notes' recipe (20,000 steps) learns
  // the training names by heart (val 2.049; 1.986 with it); the SGD recipe's 8,000 steps do not
  // overfit, and dropout only slows them (val 1.988 -> 2.038), so it stays off there
  if (kind == makemore::ModelKind::Conv && o.optimizer != OptimizerKind::Sgd)
    unless_given("dropout", o.model.dropout, 0.2);
  unless_given("eval-every", o.eval_every, r.eval_every);
}

}  // namespace

std::string optimizer_name(OptimizerKind kind) { return kOptimizers.at(static_cast<size_t>(kind)); }
std::string schedule_name(ScheduleKind kind) { return kSchedules.at(static_cast<size_t>(kind)); }

Recipe default_recipe(makemore::ModelKind kind) {
  if (kind == makemore::ModelKind::Gated)
    return {.steps = 12000, .batch = 64, .lr = 2e-3, .eval_every = 1000, .optimizer = OptimizerKind::Adam,
            .schedule = ScheduleKind::Cosine};
  if (kind == makemore::ModelKind::Conv)
    return {.steps = 8000, .batch = 64, .lr = 0.5, .eval_every = 2000};
  return {.steps = 200000, .batch = 32, .lr = 0.1, .eval_every = 10000};
}

std::optional<MakemoreOptions> parse_makemore_options(const std::vector<std::string>& args,
                                                      std::ostream& out) {
  MakemoreOptions o;
  use_defaults(o, o.model.kind, nullptr);  // the lecture's WaveNet, as --help shows
  std::string model = makemore::kind_name(o.model.kind), optimizer = "sgd", schedule = "step";
  std::vector<std::string> dilations;
  std::vector<std::string> kinds;
  for (const makemore::ModelKindInfo& k : makemore::model_kinds()) kinds.push_back(k.name);
  Cli cli("makemore",
          "Trains a character-level language model on a list of words (one per line) and "
          "samples new words from it. The defaults reproduce Karpathy's makemore Part 5: "
          "the hierarchical WaveNet on the bundled names, 200,000 SGD steps of batch 32, "
          "learning rate 0.1 then 0.01 for the last quarter.");
  cli.add("data", o.data, "FILE", "UTF-8 text file with one word per line");
  cli.add("model", model, "NAME",
          "wavenet (hierarchical), mlp (flat baseline), conv (dilated causal convolutions over "
          "whole words) or gated (the WaveNet paper's gated residual blocks over whole words)")
      ->check(one_of(kinds));
  cli.add("block-size", o.model.block_size, "N", "characters of context (mlp default: 3)")
      ->check(in_range(1, kMaxBlockSize));
  cli.add("embd", o.model.embd, "N", "embedding size per character (mlp default: 10; gated: residual channels, 32)")
      ->check(in_range(1, kMaxWidth));
  cli.add("hidden", o.model.hidden, "N", "hidden units per layer (mlp default: 200; gated: skip channels, 320)")
      ->check(in_range(1, kMaxWidth));
  cli.add("steps", o.steps, "N", "training steps (conv default: 8000; gated: 12000)")->check(at_least(1));
  cli.add("batch", o.batch, "N", "examples per step (conv: words per step, default 64)")
      ->check(in_range(1, kMaxBatch));
  cli.add("dilations", dilations, "D,D,...",
          "conv and gated: the dilations of the convolutions, e.g. 1,2,4,8 (conv default: 1, 2, ... "
          "up to --block-size / 2; gated: 1,2,4,8,1,2,4,8)");
  cli.add("layers", o.model.layers, "N",
          "conv and gated: number of convolutions, cycling through the dilations (default: one per "
          "dilation)")
      ->check(in_range(1, kMaxLayers));
  cli.add("dropout", o.model.dropout, "P",
          "conv and gated: in training, drop each channel of the embeddings and of the last layer before the "
          "head with probability P (gated default: 0.3; conv with adam or adamw: 0.2; 0: none)")
      ->check(between(0, 0.9));
  cli.add("lr", o.lr, "X",
          "learning rate (conv default: 0.5; gated: 0.002; adam and adamw otherwise: 0.001)")
      ->check(positive());
  cli.add("optimizer", optimizer, "NAME", "sgd (the lecture's), adam or adamw (gated default: adam)")->check(one_of(kOptimizers));
  cli.add("weight-decay", o.weight_decay, "X",
          "sgd and adam: L2 penalty added to the gradient; adamw: decoupled decay (adamw default: 0.01)")
      ->check(between(0, 1));
  cli.add("schedule", schedule, "NAME",
          "step (lr / 10 for the last quarter of the steps, the lecture's), cosine (down to lr / 10) "
          "or constant (gated default: cosine)")
      ->check(one_of(kSchedules));
  cli.add("patience", o.patience, "N",
          "stop when N evaluations in a row give no better val loss, and keep the best weights in "
          "DIR/best.safetensors (0: train every step)")
      ->check(in_range(0, 1000000));
  cli.add("seed", o.seed, "N", "seed for the data split, the initialisation, batches and sampling");
  cli.add("threads", o.threads, "N", "OpenBLAS threads (1 is fastest for these small matrices)")
      ->check(in_range(1, 256));
  cli.add("eval-every", o.eval_every, "N",
          "steps between train/val evaluations and checkpoints (conv default: 2000)")
      ->check(at_least(1));
  cli.add("out", o.out, "DIR", "where the checkpoint and loss plot are written");
  cli.add_switch("resume", o.resume, "continue from DIR/model.safetensors exactly where it stopped");
  cli.add("stop-after", o.stop_after, "N",
          "stop with a checkpoint after N steps, as Ctrl-C does (0: never)")
      ->check(at_least(0));
  cli.add("sample", o.samples, "N", "words to sample after training")->check(in_range(0, 1000000));
  cli.add("temperature", o.sampling.temperature, "T",
          "sampling temperature (below 1: safer, above 1: wilder)")
      ->check(positive());
  cli.add("top-k", o.sampling.top_k, "K", "sample only among the K likeliest characters (0: all)")
      ->check(at_least(0));
  cli.add("prefix", o.sampling.prefix, "STR", "every sampled word starts with STR, the model continues it");
  cli.add("condition", o.condition, "LABEL",
          "a model trained on labelled words (word, tab, label on each line of --data): sample words "
          "of this label (default: --sample words of each label)");
  cli.add_switch("sample-only", o.sample_only, "skip training: load DIR/model.safetensors and sample");
  cli.add("metrics", o.metrics, "FILE.json", "write losses, speed and samples as JSON");
  if (!cli.parse(args, out)) return std::nullopt;

  // the bundled names also when makemore runs from outside the source tree
  if (!cli.given("data") && !std::filesystem::exists(o.data))
    o.data = std::string(RIPPLE_SOURCE_DIR) + "/" + o.data;
  o.model.kind = makemore::parse_model_kind(model);
  o.optimizer = static_cast<OptimizerKind>(std::find(kOptimizers.begin(), kOptimizers.end(), optimizer) -
                                           kOptimizers.begin());
  o.schedule = static_cast<ScheduleKind>(std::find(kSchedules.begin(), kSchedules.end(), schedule) -
                                         kSchedules.begin());
  use_defaults(o, o.model.kind, &cli);
  const bool dilated = makemore::whole_words(o.model.kind);
  for (const char* flag : {"dilations", "layers"})
    if (cli.given(flag) && !dilated)
      throw UsageError(std::string("makemore: --") + flag + " is for --model conv or gated, not " + model);
  if (cli.given("dropout") && !dilated)
    throw UsageError("makemore: --dropout is for --model conv or gated, not " + model);
  if (o.model.kind == makemore::ModelKind::Gated && cli.given("block-size"))
    throw UsageError("makemore: --block-size is not used by --model gated; its receptive field is set by --dilations");
  if (cli.given("dilations")) {
    o.model.dilations = parse_dilations(dilations, cli.given_text("dilations"));
    if (cli.given("block-size"))
      throw UsageError("makemore: --block-size and --dilations both set the receptive field of --model " + model +
                       "; give one of them");
  }

  // checks that need several flags (or the defaults of the model), before any work starts
  const int64_t b = o.model.block_size;
  if (o.model.kind != makemore::ModelKind::Mlp && o.model.dilations.empty() && (b < 2 || (b & (b - 1)) != 0))
    throw UsageError("makemore: --block-size must be a power of two (2, 4, 8, ...) for --model " + model +
                     ", got " + std::to_string(b));
  if (const size_t n = o.sampling.prefix.size(); n > makemore::kMaxWordLength ||
                                                 o.sampling.prefix.find_first_of(".\t\n\r") != std::string::npos)
    throw UsageError("makemore: --prefix must be at most " + std::to_string(makemore::kMaxWordLength) +
                     " bytes without '.', tabs or line breaks, got '" + o.sampling.prefix.substr(0, 40) + "'");
  if (o.resume && o.sample_only)
    throw UsageError("makemore: --resume trains and --sample-only does not; give one of them");
  if (o.stop_after > o.steps)
    throw UsageError("makemore: --stop-after must not exceed --steps (" + std::to_string(o.steps) + "), got " +
                     std::to_string(o.stop_after));
  const double need = training_bytes(o.model, o.batch);
  if (const uint64_t have = physical_memory_bytes(); have > 0 && need > static_cast<double>(have))
    throw UsageError("makemore: the model and a batch would need about " + format_bytes(need) +
                     " of memory (--embd " + std::to_string(o.model.embd) + ", --hidden " +
                     std::to_string(o.model.hidden) + ", --block-size " + std::to_string(b) + ", --batch " +
                     std::to_string(o.batch) + "), more than this machine's " +
                     format_bytes(static_cast<double>(have)));
  return o;
}

}  // namespace ripple::apps
