// The makemore app's listing of samples (samples.h).
#include "apps/makemore/samples.h"

#include <cstdio>
#include <set>

#include "apps/common/cli.h"

namespace ripple::apps {

void check_prefix(const std::string& prefix, const makemore::Vocab& vocab) {
  std::vector<std::string> chars;
  try {
    chars = makemore::split_chars(prefix);
  } catch (const Error&) {
    throw UsageError("makemore: --prefix '" + prefix + "' is not valid UTF-8");
  }
  for (const std::string& ch : chars) {
    try {
      vocab.index(ch);
    } catch (const Error&) {
      throw UsageError("makemore: --prefix '" + prefix + "' has '" + ch + "', which is not among the " +
                       std::to_string(vocab.size() - 1) + " characters of the data");
    }
  }
}

void print_samples(const std::vector<makemore::Sampled>& samples, const std::vector<std::string>& train_words,
                   nlohmann::json* metrics) {
  const std::set<std::string> seen(train_words.begin(), train_words.end());
  std::set<std::string> shown;
  std::vector<std::string> words;
  std::vector<double> per_char;
  int64_t fresh = 0, duplicates = 0;
  std::printf("\nsamples: (log-likelihood per character)\n");
  for (const makemore::Sampled& s : samples) {
    if (!shown.insert(s.word).second) {
      ++duplicates;
      continue;
    }
    const bool is_new = !seen.count(s.word);
    fresh += is_new;
    std::printf("  %-20s %7.3f%s\n", s.word.c_str(), s.per_character(), is_new ? "" : "  (in the training set)");
    words.push_back(s.word);
    per_char.push_back(s.per_character());
  }
  if (!samples.empty()) {
    if (duplicates > 0)
      std::printf("%lld duplicate%s dropped; ", static_cast<long long>(duplicates), duplicates == 1 ? "" : "s");
    std::printf("%lld of %zu samples (%.0f%%) are new words\n", static_cast<long long>(fresh), words.size(),
                100.0 * static_cast<double>(fresh) / static_cast<double>(words.size()));
  }
  if (metrics) {
    (*metrics)["samples"] = words;
    (*metrics)["sample_log_likelihood_per_char"] = per_char;
    (*metrics)["sample_duplicates"] = duplicates;
  }
}

}  // namespace ripple::apps
