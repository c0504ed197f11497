// Losses and optimisation: a complete makemore training loop, from the names file to the
// held-out loss, on the first 4,000 names (a few seconds).
#include <cstdio>
#include <string>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin loop
  // data -> examples: the lecture's shuffle and 80/10/10 split, 8 characters of context
  std::vector<std::string> words = makemore::load_words(RIPPLE_SOURCE_DIR "/data/names.txt");
  words.resize(4000);
  const makemore::Vocab vocab = makemore::build_vocab(words);
  const makemore::Splits split = makemore::split_words(words, 42);
  const makemore::Dataset train = makemore::build_dataset(split.train, vocab, 8);
  const makemore::Dataset val = makemore::build_dataset(split.val, vocab, 8);
  std::printf("%lld training examples, %lld validation examples\n",
              static_cast<long long>(train.size()), static_cast<long long>(val.size()));
  // model, optimiser, schedule
  Generator gen(42);
  auto model = makemore::make_model({.vocab_size = vocab.size()}, gen);  // the lecture's WaveNet
  AdamW opt(model->parameters(), 3e-3, {.weight_decay = 0.01});
  const int64_t steps = 2000;
  CosineSchedule schedule{.lr = 3e-3, .total_steps = steps, .warmup_steps = 100, .min_lr = 3e-4};
  double recent = 0;  // the summed loss of the last 400 steps
  for (int64_t step = 0; step < steps; ++step) {
    Tensor ix = gen.randint(0, train.size(), {32});  // a mini-batch of 32 random examples
    Tensor xb = index_select(train.x, 0, ix), yb = index_select(train.y, 0, ix);
    Tensor loss = cross_entropy((*model)(xb), yb);
    opt.zero_grad();
    loss.backward();
    const double norm = clip_grad_norm(model->parameters(), 1.0);
    opt.lr = schedule.lr_at(step);
    opt.step();
    recent += loss.item();
    if ((step + 1) % 400 == 0) {
      std::printf("step %4lld  lr %.5f  mean loss %.3f  grad norm %.2f\n",
                  static_cast<long long>(step + 1), opt.lr, recent / 400, norm);
      recent = 0;
    }
  }
  // eval: the mean loss over every example, BatchNorm on its running statistics
  std::printf("train %.3f  val %.3f\n", makemore::evaluate(*model, train),
              makemore::evaluate(*model, val));
  // doc-end loop
  const auto names = makemore::sample(*model, {.vocab_size = vocab.size()}, vocab, 6, {}, gen);
  for (size_t i = 0; i < names.size(); ++i)
    std::printf("%s%s", names[i].c_str(), i + 1 < names.size() ? " " : "\n");
  return 0;
}
