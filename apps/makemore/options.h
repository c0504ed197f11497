// The makemore app's options: every flag, its default (some depend on --model) and its checks.
//
//   apps::MakemoreOptions o = apps::makemore_options(cli);   // after cli.parse...
#pragma once

#include <cstdint>
#include <string>

#include "apps/common/cli.h"
#include "models/makemore.h"

namespace ripple::apps {

struct MakemoreOptions {
  std::string data, out, metrics;
  makemore::ModelConfig model;
  int64_t steps, batch, seed, threads, eval_every, samples, stop_after;
  double lr;
  bool resume, sample_only;
  makemore::SampleOptions sampling;
};

// The command line: every flag with its help and default.
Cli makemore_cli();
// The options a parsed command line gives, with the defaults of the chosen model for the flags
// not given. Throws UsageError for out-of-range values.
MakemoreOptions makemore_options(const Cli& cli);

}  // namespace ripple::apps
