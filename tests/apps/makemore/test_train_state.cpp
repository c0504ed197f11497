// Tests for apps/makemore/train_state: a checkpoint resumes the model, the generator and the
// losses exactly; one trained with other flags is refused; the loss plot averages windows.
#include "apps/makemore/train_state.h"

#include <gtest/gtest.h>

#include <optional>

#include "core/file.h"
#include "layers/checkpoint.h"
#include "tests/op_testing.h"
#include "tests/temp_dir.h"

using namespace ripple;

namespace {

using ripple::testing::error_of;
using ripple::testing::TempDir;

apps::MakemoreOptions small_options() {
  apps::MakemoreOptions o{};
  o.model = {.vocab_size = 5, .block_size = 4, .embd = 3, .hidden = 6};
  o.steps = 100;
  o.batch = 8;
  o.lr = 0.1;
  o.seed = 7;
  return o;
}

TEST(MakemoreTrainState, ResumesWeightsGeneratorAndLosses) {
  TempDir dir;
  const std::string path = (dir.path / "model.safetensors").string();
  const apps::MakemoreOptions o = small_options();
  Generator gen(1);
  auto model = makemore::make_model(o.model, gen);
  const makemore::Vocab vocab{{".", "a", "b", "c", "d"}};
  const apps::TrainState st{.step = 3, .losses = {1.5, 1.25, 1.125}, .val = {{2, 1.3}}};
  gen.normal({5});  // move the generator on, so its state is not the seed's
  apps::save_train_state(path, *model, o, vocab, gen, st);

  Generator other(99);
  auto fresh = makemore::make_model(o.model, other);
  const apps::TrainState back = apps::load_train_state(path, *fresh, o, vocab, other);
  EXPECT_EQ(back.step, 3);
  EXPECT_EQ(back.losses, st.losses);
  EXPECT_EQ(back.val, st.val);
  EXPECT_EQ(other.state(), gen.state());
  EXPECT_EQ(fresh->state().size(), model->state().size());
  for (size_t i = 0; i < model->state().size(); ++i)
    EXPECT_EQ(fresh->state()[i].second.to_vector<double>(), model->state()[i].second.to_vector<double>());

  apps::MakemoreOptions changed = o;
  changed.lr = 0.2;
  EXPECT_NE(error_of([&] { apps::load_train_state(path, *fresh, changed, vocab, other); })
                .find("; resume with the same flags"),
            std::string::npos);
  EXPECT_NE(error_of([&] { apps::load_train_state(path + ".none", *fresh, o, vocab, other); })
                .find("no checkpoint to resume from"),
            std::string::npos);
}

// A checkpoint whose metadata was edited, truncated or written by someone else is refused with the
// file and the field named, and the model and generator are left as they were.
TEST(MakemoreTrainState, RefusesHostileMetadataNamingTheField) {
  TempDir dir;
  const std::string path = (dir.path / "model.safetensors").string();
  const apps::MakemoreOptions o = small_options();
  Generator gen(1);
  auto model = makemore::make_model(o.model, gen);
  const makemore::Vocab vocab{{".", "a", "b", "c", "d"}};
  apps::save_train_state(path, *model, o, vocab, gen, {.step = 2, .losses = {1.5, 1.25}, .val = {{2, 1.3}}});
  const Checkpoint good = load_safetensors(path);
  // rewrites the checkpoint with metadata[key] = value (or without key) and returns the refusal
  auto refusal = [&](const std::string& key, const std::optional<std::string>& value) {
    Metadata meta = good.metadata;
    if (value) meta[key] = *value;
    else meta.erase(key);
    save_safetensors(path, good.tensors, meta);
    Generator other(99);
    auto fresh = makemore::make_model(o.model, other);
    const auto before = other.state();
    const std::vector<double> weights = fresh->state()[0].second.to_vector<double>();
    const std::string message = error_of([&] { apps::load_train_state(path, *fresh, o, vocab, other); });
    EXPECT_EQ(other.state(), before) << key;  // nothing loaded from a refused checkpoint
    EXPECT_EQ(fresh->state()[0].second.to_vector<double>(), weights) << key;
    EXPECT_EQ(message.find(path), 0u) << message;
    return message;
  };
  EXPECT_NE(refusal("generator", R"(["1","2","3"])").find("\"generator\" must be a list of 4"), std::string::npos);
  EXPECT_NE(refusal("generator", R"(["1","2","3","x"])").find("\"generator\" word 3"), std::string::npos);
  EXPECT_NE(refusal("generator", R"(["0","0","0","0"])").find("all zeros"), std::string::npos);
  EXPECT_NE(refusal("generator", R"(["1","2","3","99999999999999999999"])").find("word 3"), std::string::npos);
  EXPECT_NE(refusal("generator", std::nullopt).find("no \"generator\" metadata"), std::string::npos);
  EXPECT_NE(refusal("step", "\"2\"").find("\"step\" must be an integer in [0, 100]"), std::string::npos);
  EXPECT_NE(refusal("step", "101").find("\"step\""), std::string::npos);
  EXPECT_NE(refusal("step", "-1").find("\"step\""), std::string::npos);
  EXPECT_NE(refusal("losses", "[1.5, null]").find("\"losses\" must hold 2 finite numbers"), std::string::npos);
  EXPECT_NE(refusal("losses", "[1.5]").find("\"losses\""), std::string::npos);
  EXPECT_NE(refusal("val", "[[2, null]]").find("\"val\""), std::string::npos);
  EXPECT_NE(refusal("val", "[[7, 1.0]]").find("\"val\""), std::string::npos);
  EXPECT_NE(refusal("val", "{").find("\"val\" is not valid JSON"), std::string::npos);
  EXPECT_NE(refusal("val", std::string(100000, '[')).find("\"val\" is not valid JSON"), std::string::npos);
  // another alphabet of the same size: the characters would map to other indices
  EXPECT_NE(refusal("vocab", R"([".","a","b","c","e"])").find("resume on the same word list"), std::string::npos);
}

TEST(MakemoreTrainState, LossPlotAveragesWindowsOfSteps) {
  TempDir dir;
  apps::TrainState st;
  st.losses.assign(200, 10.0);  // 200 steps: windows of 4, log10(10) = 1
  st.val = {{100, 100.0}};
  apps::plot_step_losses((dir.path / "loss.svg").string(), st, "title");
  const std::string svg = read_file(dir.path / "loss.svg");
  EXPECT_NE(svg.find(">train (mean of 4 steps)</text>"), std::string::npos);
  EXPECT_NE(svg.find(">validation</text>"), std::string::npos);
  EXPECT_NE(svg.find(">log10 loss</text>"), std::string::npos);
}

}  // namespace
