// Every file of the fuzz targets' seed corpora (fuzz/corpus/<target>/) through the target's body
// (fuzz/targets.h): each is read or refused with ripple's own exception, and none crashes or
// trips a sanitizer. The inputs of past findings live in the corpora, so this is their regression
// test in every build, the sanitizer build of .ci/run included, with or without clang.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>

#include "core/file.h"
#include "fuzz/targets.h"

namespace fs = std::filesystem;

TEST(FuzzCorpus, EveryInputIsReadOrRefused) {
  const std::map<std::string, std::function<void(std::string_view)>> targets = {
      {"safetensors", ripple::fuzz::safetensors},
      {"makemore_checkpoint", ripple::fuzz::makemore_checkpoint},
      {"forecast_checkpoint", ripple::fuzz::forecast_checkpoint},
      {"csv", ripple::fuzz::csv},
      {"words", ripple::fuzz::words},
      {"makemore_options", ripple::fuzz::makemore_options},
      {"forecast_options", ripple::fuzz::forecast_options}};
  const fs::path corpus = fs::path(RIPPLE_SOURCE_DIR) / "fuzz" / "corpus";
  for (const auto& [name, run] : targets) {
    int files = 0;
    for (const auto& entry : fs::directory_iterator(corpus / name)) {
      EXPECT_NO_THROW(run(ripple::read_file(entry.path()))) << entry.path();
      ++files;
    }
    EXPECT_GE(files, 3) << name << ": a target's corpus holds a few seeds at least";
  }
}

// The framing of the checkpoint targets' inputs: header, NUL, data -> length, header, data.
TEST(FuzzCorpus, CheckpointInputsAreFramedAsSafetensors) {
  const std::string framed = ripple::fuzz::safetensors_bytes(std::string("{}\0abc", 6));
  EXPECT_EQ(framed, std::string("\x02\0\0\0\0\0\0\0{}abc", 13));
  EXPECT_EQ(ripple::fuzz::arguments("--steps\n5\n\n--lr=1"),
            (std::vector<std::string>{"--steps", "5", "", "--lr=1"}));
}
