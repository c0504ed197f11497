// Tests for apps/makemore/samples: duplicates dropped and counted, likelihoods per character
// recorded, a prefix the data cannot spell refused with one line.
#include "apps/makemore/samples.h"

#include <gtest/gtest.h>

#include "apps/common/cli.h"

using namespace ripple;

namespace {

TEST(MakemoreSamples, DuplicatesAreDroppedAndCounted) {
  const std::vector<makemore::Sampled> samples{
      {"emma", -6.0, 5}, {"zed", -8.0, 4}, {"emma", -6.0, 5}, {"ava", -4.0, 4}, {"emma", -6.0, 5}};
  nlohmann::json metrics;
  testing::internal::CaptureStdout();
  apps::print_samples(samples, {"ava"}, &metrics);
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(metrics["samples"], nlohmann::json({"emma", "zed", "ava"}));
  EXPECT_EQ(metrics["sample_duplicates"], 2);
  EXPECT_EQ(metrics["sample_log_likelihood_per_char"], nlohmann::json({-1.2, -2.0, -1.0}));
  EXPECT_NE(out.find("2 duplicates dropped; 2 of 3 samples (67%) are new words"), std::string::npos) << out;
  EXPECT_NE(out.find("(in the training set)"), std::string::npos) << out;
}

TEST(MakemoreSamples, PrefixMustBeSpelledByTheData) {
  const makemore::Vocab vocab{{".", "a", "b", "é"}};
  EXPECT_NO_THROW(apps::check_prefix("abé", vocab));
  EXPECT_NO_THROW(apps::check_prefix("", vocab));
  try {
    apps::check_prefix("abc", vocab);
    ADD_FAILURE() << "no error";
  } catch (const apps::UsageError& e) {
    EXPECT_STREQ(e.what(), "makemore: --prefix 'abc' has 'c', which is not among the 3 characters of the data");
  }
}

}  // namespace
