// makemore checkpoints with the training state, resuming from them, and the loss plot.
#include "apps/makemore/train_state.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "apps/common/run.h"
#include "apps/common/svg.h"
#include "layers/checkpoint.h"

namespace ripple::apps {
namespace {

using json = nlohmann::json;

json config_json(const MakemoreOptions& o) {
  return {{"model", makemore::kind_name(o.model.kind)}, {"block_size", o.model.block_size}, {"embd", o.model.embd},
          {"hidden", o.model.hidden}, {"vocab_size", o.model.vocab_size}, {"steps", o.steps},
          {"batch", o.batch}, {"lr", o.lr}, {"seed", o.seed}};
}

}  // namespace

void save_train_state(const std::string& path, const Module& model, const MakemoreOptions& o,
                      const makemore::Vocab& vocab, const Generator& gen, const TrainState& st) {
  std::vector<std::string> gen_state;
  for (uint64_t w : gen.state()) gen_state.push_back(std::to_string(w));
  save_checkpoint_with_config(path, model, config_json(o),
                              {{"vocab", json(vocab.chars).dump()},
                               {"step", std::to_string(st.step)},
                               {"generator", json(gen_state).dump()},
                               {"losses", json(st.losses).dump()},
                               {"val", json(st.val).dump()}});
}

TrainState load_train_state(const std::string& path, Module& model, const MakemoreOptions& o,
                            Generator& gen) {
  if (!std::filesystem::exists(path)) throw Error(path + ": no checkpoint to resume from");
  const Metadata meta = load_safetensors(path).metadata;
  if (!meta.count("config") || json::parse(meta.at("config")) != config_json(o))
    throw Error(path + ": was trained with " + (meta.count("config") ? meta.at("config") : "another program") +
                "; resume with the same flags");
  load_checkpoint(path, model);
  TrainState st;
  st.step = std::stoll(meta.at("step"));
  st.losses = json::parse(meta.at("losses")).get<std::vector<double>>();
  st.val = json::parse(meta.at("val")).get<std::vector<std::pair<int64_t, double>>>();
  auto g = json::parse(meta.at("generator")).get<std::vector<std::string>>();
  gen.set_state({std::stoull(g[0]), std::stoull(g[1]), std::stoull(g[2]), std::stoull(g[3])});
  return st;
}

void plot_step_losses(const std::string& path, const TrainState& st, const std::string& title) {
  const size_t window = std::clamp<size_t>(st.losses.size() / 50, 1, 1000);
  LossPlot plot;
  plot.title = title;
  plot.x_label = "step";
  plot.y_label = "log10 loss";
  plot.train.name = "train (mean of " + std::to_string(window) + " steps)";
  for (size_t i = 0; i + window <= st.losses.size(); i += window) {
    double s = 0;
    for (size_t j = i; j < i + window; ++j) s += st.losses[j];
    plot.train.x.push_back(static_cast<double>(i + window));
    plot.train.y.push_back(std::log10(s / static_cast<double>(window)));
  }
  plot.val.name = "validation";
  plot.val.mark = Mark::Points;
  for (auto& [step, v] : st.val) {
    plot.val.x.push_back(static_cast<double>(step));
    plot.val.y.push_back(std::log10(v));
  }
  plot_losses(path, plot);
}

}  // namespace ripple::apps
