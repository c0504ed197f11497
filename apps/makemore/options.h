// The makemore app's options: every flag, its default (some depend on --model) and its checks.
//
//   std::optional<apps::MakemoreOptions> o = apps::parse_makemore_options(args, std::cout);
//   if (!o) return 0;  // --help was printed
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "models/makemore.h"

namespace ripple::apps {

// --optimizer: the lecture's plain SGD, or Adam / AdamW with PyTorch's formulas (optim/adam.h).
enum class OptimizerKind { Sgd, Adam, AdamW };
// --schedule: "step" is the lecture's (lr, then lr / 10 for the last quarter of the steps);
// "cosine" goes from lr down to lr / 10 along half a cosine over all the steps (as nanoGPT);
// "constant" keeps lr.
enum class ScheduleKind { Step, Cosine, Constant };

// How a model trains unless the flags say otherwise.
struct Recipe {
  int64_t steps, batch;
  double lr;
  int64_t eval_every;
  OptimizerKind optimizer = OptimizerKind::Sgd;
  ScheduleKind schedule = ScheduleKind::Step;
};
// The lecture's 200,000 steps of 32 at lr 0.1 for wavenet and mlp; conv sees every position of
// 64 words per step (about 480 predictions, against 32), so it takes fewer, larger steps:
// 8,000 at lr 0.5 (docs/07-makemore.md has the measurements). gated trains with Adam at 0.002 and
// a cosine schedule, 6,000 steps of 64 words, with dropout 0.3 (its ModelConfig default).
Recipe default_recipe(makemore::ModelKind kind);

struct MakemoreOptions {
  std::string data = "data/names.txt";
  std::string out = "out/makemore";
  std::string metrics;                // "": no JSON
  makemore::ModelConfig model;        // the kind and sizes; vocab_size is set from the data
  int64_t steps = 0, batch = 0, eval_every = 0;  // the model's Recipe unless given
  double lr = 0;
  int64_t seed = 42, threads = 1, samples = 20, stop_after = 0;
  bool resume = false, sample_only = false;
  makemore::SampleOptions sampling;
  OptimizerKind optimizer = OptimizerKind::Sgd;
  double weight_decay = 0;  // SGD and Adam: L2 in the gradient; AdamW: decoupled (default 0.01)
  ScheduleKind schedule = ScheduleKind::Step;
  int64_t patience = 0;     // stop after this many evaluations without a better val loss (0: never)
  std::string condition;    // --condition: the label a conditional model samples from ("": every label)
};

std::string optimizer_name(OptimizerKind kind);  // "sgd", "adam", "adamw"
std::string schedule_name(ScheduleKind kind);    // "step", "cosine", "constant"


// Reads the command line (the arguments after the program name): the flags given, and for the
// others the chosen model's defaults. Returns nullopt if --help was asked for (the help has then
// been written to `out`). Throws UsageError (apps/common/cli.h) with one line for a mistake.
std::optional<MakemoreOptions> parse_makemore_options(const std::vector<std::string>& args,
                                                      std::ostream& out);

}  // namespace ripple::apps
