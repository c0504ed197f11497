// Tests for apps/makemore/train_state: a checkpoint resumes the model, the generator and the
// losses exactly; one trained with other flags is refused; the loss plot averages windows.
#include "apps/makemore/train_state.h"

#include <gtest/gtest.h>

#include "core/file.h"
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
  const apps::TrainState back = apps::load_train_state(path, *fresh, o, other);
  EXPECT_EQ(back.step, 3);
  EXPECT_EQ(back.losses, st.losses);
  EXPECT_EQ(back.val, st.val);
  EXPECT_EQ(other.state(), gen.state());
  EXPECT_EQ(fresh->state().size(), model->state().size());
  for (size_t i = 0; i < model->state().size(); ++i)
    EXPECT_EQ(fresh->state()[i].second.to_vector<double>(), model->state()[i].second.to_vector<double>());

  apps::MakemoreOptions changed = o;
  changed.lr = 0.2;
  EXPECT_NE(error_of([&] { apps::load_train_state(path, *fresh, changed, other); })
                .find("; resume with the same flags"),
            std::string::npos);
  EXPECT_NE(error_of([&] { apps::load_train_state(path + ".none", *fresh, o, other); })
                .find("no checkpoint to resume from"),
            std::string::npos);
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
