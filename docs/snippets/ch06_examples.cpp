// Chapter 6: how names become (context, next character) examples; chapter 7: how many predictions
// a batch of whole words gives the conv model.
#include <cstdio>
#include <string>
#include <vector>

#include <ripple/ripple.h>

using namespace ripple;

// Marks a region of this program's output, so the chapter can show each part of the .out file
// next to the code that printed it (docsync reads the same doc-begin/doc-end markers there).
static void output_region(const char* edge, const char* name) {
  std::printf("// doc-%s %s\n", edge, name);
}

int main() {
  const std::vector<std::string> words = makemore::load_words(RIPPLE_SOURCE_DIR "/data/names.txt");
  const makemore::Vocab vocab = makemore::build_vocab(words);
  output_region("begin", "listing");
  // doc-begin listing
  // every character of "emma", and its end, is predicted from the 8 characters before it
  makemore::Dataset emma = makemore::build_dataset({"emma"}, vocab, 8);
  for (int64_t i = 0; i < emma.size(); ++i) {
    std::string context;
    for (int64_t j = 0; j < 8; ++j) context += vocab.chars[static_cast<size_t>(emma.x.at({i, j}))];
    const std::string& next = vocab.chars[static_cast<size_t>(emma.y.at({i}))];
    std::printf("%s --> %s\n", context.c_str(), next.c_str());
  }
  const makemore::Splits split = makemore::split_words(words, 42);
  std::printf("examples: train %lld, val %lld, test %lld\n",
              static_cast<long long>(makemore::build_dataset(split.train, vocab, 8).size()),
              static_cast<long long>(makemore::build_dataset(split.val, vocab, 8).size()),
              static_cast<long long>(makemore::build_dataset(split.test, vocab, 8).size()));
  // doc-end listing
  output_region("end", "listing");

  output_region("begin", "per_batch");
  // doc-begin per_batch
  // the conv model predicts every character of a word and its end: len + 1 predictions per word
  double predictions = 0;
  for (const std::string& w : split.train)
    predictions += static_cast<double>(makemore::split_chars(w).size() + 1);
  const double per_word = predictions / static_cast<double>(split.train.size());
  std::printf("%.2f predictions per training word, %.0f per batch of 64 words\n", per_word,
              64 * per_word);
  // doc-end per_batch
  output_region("end", "per_batch");
  return 0;
}
