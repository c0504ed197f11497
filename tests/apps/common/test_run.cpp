// Tests for apps/common/run and interrupt: the run folder, checkpoints with their configuration,
// JSON files, and the Ctrl-C flag.
#include "apps/common/run.h"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

#include "apps/common/interrupt.h"
#include "layers/linear.h"
#include "tests/temp_dir.h"

namespace fs = std::filesystem;
using namespace ripple::apps;

namespace {

using ripple::testing::TempDir;

TEST(AppsRun, FilesOfTheRunFolder) {
  TempDir tmp;
  const RunDir dir(tmp.path / "out" / "run");
  EXPECT_EQ(dir.checkpoint(), (tmp.path / "out" / "run" / "model.safetensors").string());
  EXPECT_EQ(dir.loss_plot(), (tmp.path / "out" / "run" / "loss.svg").string());
  EXPECT_EQ(dir.file("forecast.csv"), (tmp.path / "out" / "run" / "forecast.csv").string());
  dir.create();
  dir.create();  // again: nothing to do
  EXPECT_TRUE(fs::is_directory(dir.dir));
}

TEST(AppsRun, CheckpointKeepsTheConfigurationAsJson) {
  TempDir tmp;
  ripple::Generator gen(0);
  ripple::Linear model(2, 3, gen);
  const std::string path = (tmp.path / "model.safetensors").string();
  const nlohmann::json config = {{"model", "wavenet"}, {"steps", 1000}, {"lr", 0.1}};
  save_checkpoint_with_config(path, model, config, {{"step", "7"}});
  const ripple::Metadata meta = ripple::load_safetensors(path).metadata;
  EXPECT_EQ(meta, (ripple::Metadata{{"config", config.dump()}, {"step", "7"}}));
  EXPECT_EQ(nlohmann::json::parse(meta.at("config")), config);
}

TEST(AppsRun, JsonFilesAreWrittenWhole) {
  TempDir dir;
  const fs::path path = dir.path / "run.json";
  write_json(path, {{"steps", 1000}, {"loss", 2.13}, {"name", "caf\xC3\xA9"}});
  const std::string text = ripple::read_file(path);
  EXPECT_EQ(text.back(), '\n');
  const nlohmann::json back = nlohmann::json::parse(text);
  EXPECT_EQ(back["steps"], 1000);
  EXPECT_EQ(back["name"], "caf\xC3\xA9");
  write_json(path, {{"bad", "caf\xC3"}}, -1);  // invalid UTF-8 is replaced, not an error
  EXPECT_EQ(ripple::read_file(path), "{\"bad\":\"caf\xEF\xBF\xBD\"}\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()), 1);
  EXPECT_THROW(write_json(dir.path / "missing" / "run.json", {}), ripple::FileError);
}

TEST(AppsInterrupt, SigintSetsTheFlagInsteadOfKilling) {
  catch_interrupts();
  EXPECT_FALSE(interrupted());
  std::raise(SIGINT);
  EXPECT_TRUE(interrupted());
  std::signal(SIGINT, SIG_DFL);
}

}  // namespace
