// What a makemore checkpoint holds besides the weights, so a run resumes exactly where it
// stopped: the step, every step's loss, the validation losses and the generator's state; and the
// lecture's loss plot drawn from them.
//
//   apps::TrainState st;
//   ...
//   apps::save_train_state(dir.checkpoint(), *model, o, vocab, gen, st);
//   apps::TrainState back = apps::load_train_state(dir.checkpoint(), *model, o, gen);  // --resume
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "apps/makemore/options.h"
#include "core/generator.h"
#include "layers/module.h"
#include "models/makemore.h"
#include "optim/optimizer.h"

namespace ripple::apps {

struct TrainState {
  int64_t step = 0;
  std::vector<double> losses;                       // every step's training loss
  std::vector<std::pair<int64_t, double>> val;      // (step, val loss) at each evaluation
};

// Writes the checkpoint: the weights, the configuration (what --resume compares), the
// vocabulary, the generator's state, `st` and, if given, the optimizer's state (Adam's moments)
// as tensors named "optimizer.<name>" (makemore::kOptimizerStatePrefix).
// A conditional model's label names (`labels`, by index) are saved as "labels" metadata.
void save_train_state(const std::string& path, const Module& model, const MakemoreOptions& o,
                      const makemore::Vocab& vocab, const Generator& gen, const TrainState& st,
                      const Optimizer* opt = nullptr, const std::vector<std::string>& labels = {});

// Writes the best weights so far (--patience): a checkpoint load_trained reads, with the step and
// val loss it was taken at as metadata.
void save_best_model(const std::string& path, const Module& model, const MakemoreOptions& o,
                     const makemore::Vocab& vocab, int64_t step, double val_loss,
                     const std::vector<std::string>& labels = {});

// Loads a checkpoint written by save_train_state into `model`, `gen` and `opt` (if given) and
// returns its state. Trusts nothing in the file: throws ripple::Error naming the file and the
// field if there is none, if it was trained with other flags, on another alphabet (`vocab`, from
// the data now) or other labels (`labels`, from the data now), holds a malformed step, loss list, generator or optimizer state, or lacks the
// state an Adam or AdamW needs. Nothing is changed when it throws.
TrainState load_train_state(const std::string& path, Module& model, const MakemoreOptions& o,
                            const makemore::Vocab& vocab, Generator& gen, Optimizer* opt = nullptr,
                            const std::vector<std::string>& labels = {});

// DIR/loss.svg, the lecture's plot: log10 of the training loss averaged over windows of 1,000
// steps (fewer for short runs), with the validation losses as points. Throws ripple::FileError.
void plot_step_losses(const std::string& path, const TrainState& st, const std::string& title);

}  // namespace ripple::apps
