// ARCHITECTURE.md, worked example 4: a new app. As a real app this file would be
// apps/bigram/main.cpp: CMake builds every apps/<name>/main.cpp as the program <name>, and the
// folder's other files as the library <name>_app that tests/apps/<name>/ link. Here it is a
// snippet that ctest runs with no arguments (its progress lines go to stderr, which ctest ignores).
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <ripple/ripple.h>

#include "apps/common/cli.h"
#include "apps/common/interrupt.h"
#include "apps/common/progress.h"

using namespace ripple;

// doc-begin app
// bigram: fits a bigram model of names (a V x V table of next-character logits) and samples.
namespace {

struct Options {  // the defaults are what a bare `bigram` runs
  int64_t steps = 30;
  double lr = 50;
  int64_t samples = 5;
};

int run(const std::vector<std::string>& args) {
  Options o;
  apps::Cli cli("bigram", "Fits a bigram model of data/names.txt and samples new names.");
  cli.add("steps", o.steps, "N", "gradient steps on the whole data set")->check(apps::at_least(1));
  cli.add("lr", o.lr, "X", "learning rate")->check(apps::positive());
  cli.add("samples", o.samples, "N", "names to sample")->check(apps::at_least(0));
  if (!cli.parse(args, std::cout)) return 0;  // --help was asked for and printed

  const auto words = makemore::load_words(RIPPLE_SOURCE_DIR "/data/names.txt");
  const makemore::Vocab vocab = makemore::build_vocab(words);
  const makemore::Dataset data = makemore::build_dataset(words, vocab, 1);  // x (N, 1), y (N,)
  Generator gen(42);
  Embedding table(vocab.size(), vocab.size(), gen);  // row c: the logits after character c
  SGD opt(table.parameters(), o.lr);

  apps::catch_interrupts();  // Ctrl-C ends the loop after the current step
  apps::Progress progress({.total_steps = o.steps, .out = &std::cerr});
  double loss = 0;
  int64_t step = 0;
  for (; step < o.steps && !apps::interrupted(); ++step) {
    Tensor l = cross_entropy(flatten(table(data.x), 1), data.y);
    opt.zero_grad();
    l.backward();
    opt.step();
    loss = l.item();
    progress.update(step, loss);
  }
  progress.finish();
  std::printf("loss after %lld steps: %.4f\n", static_cast<long long>(step), loss);

  NoGradGuard no_grad;
  const Tensor probs = softmax(table.weight, 1);  // (V, V)
  for (int64_t i = 0; i < o.samples; ++i) {
    std::string name;
    for (int64_t c = 0;;) {  // start after '.', stop at the next '.'
      c = static_cast<int64_t>(gen.multinomial(select(probs, 0, c), 1).item());
      if (c == 0) break;
      name += vocab.chars[static_cast<size_t>(c)];
    }
    std::printf("  %s\n", name.c_str());
  }
  return apps::interrupted() ? apps::kInterruptedExitCode : 0;
}

}  // namespace

int main(int argc, char** argv) {
  // UsageError -> one line and exit 2; any other exception -> one line and exit 1
  return apps::run_app("bigram", [&] { return run({argv + 1, argv + argc}); });
}
// doc-end app
