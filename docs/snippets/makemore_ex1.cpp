// makemore, exercise 1: the examples of two names with 3 characters of context.
#include <cstdio>
#include <string>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

int main() {
  // doc-begin solution
  // A name of n characters gives n + 1 examples (each character, then the end '.'): 4 + 7 = 11.
  const std::vector<std::string> words = makemore::load_words(RIPPLE_SOURCE_DIR "/data/names.txt");
  const makemore::Vocab vocab = makemore::build_vocab(words);
  makemore::Dataset d = makemore::build_dataset({"ava", "olivia"}, vocab, 3);
  for (int64_t i = 0; i < d.size(); ++i) {
    std::string context;
    for (int64_t j = 0; j < 3; ++j) context += vocab.chars[static_cast<size_t>(d.x.at({i, j}))];
    std::printf("%s --> %s\n", context.c_str(), vocab.chars[static_cast<size_t>(d.y.at({i}))].c_str());
  }
  std::printf("%lld examples, x %s, y %s\n", static_cast<long long>(d.size()),
              to_string(d.x.shape()).c_str(), to_string(d.y.shape()).c_str());
  // doc-end solution
  return 0;
}
