// Losses and optimisation, exercise 5: a learning-rate sweep with the chapter's training loop.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  std::vector<std::string> words = makemore::load_words(RIPPLE_SOURCE_DIR "/data/names.txt");
  words.resize(4000);
  const makemore::Vocab vocab = makemore::build_vocab(words);
  const makemore::Splits split = makemore::split_words(words, 42);
  const makemore::Dataset train = makemore::build_dataset(split.train, vocab, 8);
  const makemore::Dataset val = makemore::build_dataset(split.val, vocab, 8);
  // doc-begin solution
  // 500 steps at a constant lr, the same initial weights and batches for every run
  auto run = [&](bool adamw, double lr) {
    Generator gen(42);
    auto model = makemore::make_model({.vocab_size = vocab.size()}, gen);
    std::unique_ptr<Optimizer> opt;
    if (adamw) opt = std::make_unique<AdamW>(model->parameters(), lr);
    else opt = std::make_unique<SGD>(model->parameters(), lr);
    for (int64_t step = 0; step < 500; ++step) {
      Tensor ix = gen.randint(0, train.size(), {32});
      Tensor xb = index_select(train.x, 0, ix), yb = index_select(train.y, 0, ix);
      Tensor loss = cross_entropy((*model)(xb), yb);
      opt->zero_grad();
      loss.backward();
      opt->step();
    }
    std::printf("%-5s lr %-6g val %.3f\n", opt->name(), lr, makemore::evaluate(*model, val));
  };
  for (double lr : {1e-4, 1e-3, 1e-2, 1e-1}) run(true, lr);
  for (double lr : {0.01, 0.1, 1.0}) run(false, lr);
  // doc-end solution
  return 0;
}
