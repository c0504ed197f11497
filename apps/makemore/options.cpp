// The makemore app's command line: flags, defaults, help and checks.
#include "apps/makemore/options.h"

#include <filesystem>

namespace ripple::apps {

Cli makemore_cli() {
  Cli cli("makemore",
          "Trains a character-level language model on a list of words (one per line) and "
          "samples new words from it. The defaults reproduce Karpathy's makemore Part 5: "
          "the hierarchical WaveNet on the bundled names, 200,000 SGD steps of batch 32, "
          "learning rate 0.1 then 0.01 for the last quarter.");
  cli.add_string("data", "FILE", "data/names.txt", "UTF-8 text file with one word per line")
      .add_string("model", "NAME", "wavenet", "wavenet (hierarchical), mlp (flat baseline) or conv (dilated causal convolutions over whole words)")
      .add_int("block-size", "N", 8, "characters of context (mlp default: 3)")
      .add_int("embd", "N", 24, "embedding size per character (mlp default: 10)")
      .add_int("hidden", "N", 128, "hidden units per layer (mlp default: 200)")
      .add_int("steps", "N", 200000, "training steps (conv default: 8000)")
      .add_int("batch", "N", 32, "examples per step (conv: words per step, default 64)")
      .add_double("lr", "X", 0.1, "SGD learning rate; divided by 10 for the last quarter of the steps (conv default: 0.5)")
      .add_int("seed", "N", 42, "seed for the data split, the initialisation, batches and sampling")
      .add_int("threads", "N", 1, "OpenBLAS threads (1 is fastest for these small matrices)")
      .add_int("eval-every", "N", 10000, "steps between train/val evaluations and checkpoints (conv default: 2000)")
      .add_string("out", "DIR", "out/makemore", "where the checkpoint and loss plot are written")
      .add_switch("resume", "continue from DIR/model.safetensors exactly where it stopped")
      .add_int("stop-after", "N", 0, "stop with a checkpoint after N steps, as Ctrl-C does (0: never)")
      .add_int("sample", "N", 20, "words to sample after training")
      .add_double("temperature", "T", 1.0, "sampling temperature (below 1: safer, above 1: wilder)")
      .add_int("top-k", "K", 0, "sample only among the K likeliest characters (0: all)")
      .add_switch("sample-only", "skip training: load DIR/model.safetensors and sample")
      .add_string("metrics", "FILE.json", "", "write losses, speed and samples as JSON");
  return cli;
}

MakemoreOptions makemore_options(const Cli& cli) {
  MakemoreOptions o;
  o.data = cli.get_string("data");
  // the bundled names also when makemore runs from outside the source tree
  if (!cli.was_given("data") && !std::filesystem::exists(o.data))
    o.data = std::string(RIPPLE_SOURCE_DIR) + "/" + o.data;
  o.out = cli.get_string("out");
  o.metrics = cli.get_string("metrics");
  o.model.kind = cli.get_string("model");
  const bool mlp = o.model.kind == "mlp", conv = o.model.kind == "conv";
  auto pick = [&](const char* name, int64_t mlp_default) {
    return mlp && !cli.was_given(name) ? mlp_default : cli.get_int(name);
  };
  o.model.block_size = pick("block-size", 3);
  o.model.embd = pick("embd", 10);
  o.model.hidden = pick("hidden", 200);
  // conv sees every position of 64 words per step (about 480 predictions, against 32 for the
  // others), so it takes fewer, larger steps: docs/06-makemore.md has the measurements
  o.steps = conv && !cli.was_given("steps") ? 8000 : cli.get_int("steps");
  o.batch = conv && !cli.was_given("batch") ? 64 : cli.get_int("batch");
  o.lr = conv && !cli.was_given("lr") ? 0.5 : cli.get_double("lr");
  o.seed = cli.get_int("seed");
  o.threads = cli.get_int("threads");
  o.eval_every = conv && !cli.was_given("eval-every") ? 2000 : cli.get_int("eval-every");
  o.samples = cli.get_int("sample");
  o.stop_after = cli.get_int("stop-after");
  o.sampling.temperature = cli.get_double("temperature");
  o.sampling.top_k = cli.get_int("top-k");
  o.resume = cli.get_bool("resume");
  o.sample_only = cli.get_bool("sample-only");
  auto positive = [](const char* flag, int64_t v) { require_at_least("makemore", flag, v, 1); };
  positive("steps", o.steps);
  positive("batch", o.batch);
  positive("threads", o.threads);
  positive("eval-every", o.eval_every);
  if (!(o.lr > 0)) throw UsageError("makemore: --lr must be positive");
  if (!(o.sampling.temperature > 0)) throw UsageError("makemore: --temperature must be positive");
  return o;
}

}  // namespace ripple::apps
