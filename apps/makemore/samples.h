// How the makemore app shows what it sampled: each word with its log-likelihood per character,
// duplicates dropped and counted, words of the training set marked.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/makemore.h"

namespace ripple::apps {

// Throws UsageError (one line, exit 2) if --prefix has a character that is not in `vocab`.
void check_prefix(const std::string& prefix, const makemore::Vocab& vocab);

// Prints the distinct samples in the order drawn, each with its log-likelihood per character
// (natural log, the closing '.' counted as a character), then how many duplicates were dropped
// and how many words are new (not in `train_words`). With `metrics`, records the distinct words,
// their log-likelihoods per character and the duplicates there.
void print_samples(const std::vector<makemore::Sampled>& samples, const std::vector<std::string>& train_words,
                   nlohmann::json* metrics);

}  // namespace ripple::apps
