// makemore checkpoints with the training state, resuming from them, and the loss plot.
#include "apps/makemore/train_state.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "apps/common/run.h"
#include "apps/common/svg.h"
#include "layers/checkpoint.h"
#include "layers/metadata_json.h"

namespace ripple::apps {
namespace {

using json = nlohmann::json;

// What --resume compares and load_trained reads. The flags added after the lecture appear only
// when they differ from its defaults, so checkpoints of earlier runs still resume.
json config_json(const MakemoreOptions& o) {
  json c = {{"model", makemore::kind_name(o.model.kind)}, {"block_size", o.model.block_size}, {"embd", o.model.embd},
            {"hidden", o.model.hidden}, {"vocab_size", o.model.vocab_size}, {"steps", o.steps},
            {"batch", o.batch}, {"lr", o.lr}, {"seed", o.seed}};
  if (!o.model.dilations.empty()) c["dilations"] = o.model.dilations;
  if (o.model.layers > 0) c["layers"] = o.model.layers;
  if (o.model.labels > 0) c["labels"] = o.model.labels;
  if (o.model.dropout > 0) c["dropout"] = o.model.dropout;
  if (o.optimizer != OptimizerKind::Sgd) c["optimizer"] = optimizer_name(o.optimizer);
  if (o.weight_decay != 0) c["weight_decay"] = o.weight_decay;
  if (o.schedule != ScheduleKind::Step) c["schedule"] = schedule_name(o.schedule);
  if (o.patience > 0) c["patience"] = o.patience;
  return c;
}

const std::string kOptimizer = makemore::kOptimizerStatePrefix;

}  // namespace

void save_train_state(const std::string& path, const Module& model, const MakemoreOptions& o,
                      const makemore::Vocab& vocab, const Generator& gen, const TrainState& st,
                      const Optimizer* opt, const std::vector<std::string>& labels) {
  std::vector<std::string> gen_state;
  for (uint64_t w : gen.state()) gen_state.push_back(std::to_string(w));
  NamedTensors tensors = model.state();
  if (opt)
    for (const auto& [name, t] : opt->state()) tensors.emplace_back(kOptimizer + name, t);
  Metadata meta{{"config", config_json(o).dump()},
                {"vocab", json(vocab.chars).dump()},
                {"step", std::to_string(st.step)},
                {"generator", json(gen_state).dump()},
                {"losses", json(st.losses).dump()},
                {"val", json(st.val).dump()}};
  if (!labels.empty()) meta["labels"] = json(labels).dump();
  save_safetensors(path, tensors, meta);
}

void save_best_model(const std::string& path, const Module& model, const MakemoreOptions& o,
                     const makemore::Vocab& vocab, int64_t step, double val_loss,
                     const std::vector<std::string>& labels) {
  Metadata meta{{"vocab", json(vocab.chars).dump()},
                {"step", std::to_string(step)},
                {"val_loss", json(val_loss).dump()}};
  if (!labels.empty()) meta["labels"] = json(labels).dump();
  save_checkpoint_with_config(path, model, config_json(o), meta);
}

TrainState load_train_state(const std::string& path, Module& model, const MakemoreOptions& o,
                            const makemore::Vocab& vocab, Generator& gen, Optimizer* opt,
                            const std::vector<std::string>& labels) {
  if (!std::filesystem::exists(path)) throw Error(path + ": no checkpoint to resume from");
  const Checkpoint checkpoint = load_safetensors(path);  // names the file when it is corrupt
  const Metadata& meta = checkpoint.metadata;
  auto field = [&](const std::string& key) -> json {
    if (!meta.count(key))
      throw Error(path + ": no \"" + key + "\" metadata: not a checkpoint of a makemore run");
    try {
      return parse_metadata(meta, key);  // layers/metadata_json.h
    } catch (const Error& e) {
      throw Error(path + ": " + e.what());
    }
  };
  const json config = field("config");
  if (config != config_json(o))
    throw Error(path + ": was trained with " + meta.at("config").substr(0, 400) + "; resume with the same flags");
  const json chars = field("vocab");
  if (chars != json(vocab.chars))
    throw Error(path + ": was trained on the characters " + chars.dump() + ", but --data " + o.data +
                " has " + json(vocab.chars).dump() + "; resume on the same word list");
  const json saved_labels = meta.count("labels") ? field("labels") : json::array();
  if (saved_labels != json(labels))
    throw Error(path + ": was trained on the labels " + saved_labels.dump() + ", but --data " + o.data + " has " +
                json(labels).dump() + "; resume on the same word list");
  TrainState st;
  const json step = field("step"), losses = field("losses"), val = field("val"), g = field("generator");
  if (!step.is_number_integer() || step.get<int64_t>() < 0 || step.get<int64_t>() > o.steps)
    throw Error(path + ": metadata \"step\" must be an integer in [0, " + std::to_string(o.steps) + "], got " +
                step.dump());
  st.step = step.get<int64_t>();
  auto is_finite_number = [](const json& v) { return v.is_number() && std::isfinite(v.get<double>()); };
  if (!losses.is_array() || static_cast<int64_t>(losses.size()) != st.step ||
      !std::all_of(losses.begin(), losses.end(), is_finite_number))
    throw Error(path + ": metadata \"losses\" must hold " + std::to_string(st.step) +
                " finite numbers, one per step trained");
  st.losses = losses.get<std::vector<double>>();
  if (!val.is_array())
    throw Error(path + ": metadata \"val\" must be a list of [step, loss] pairs");
  for (const json& e : val) {
    if (!e.is_array() || e.size() != 2 || !e[0].is_number_integer() || !is_finite_number(e[1]) ||
        e[0].get<int64_t>() < 1 || e[0].get<int64_t>() > st.step)
      throw Error(path + ": metadata \"val\" must be a list of [step, loss] pairs with steps in [1, " +
                  std::to_string(st.step) + "] and finite losses, got " + e.dump());
    st.val.emplace_back(e[0].get<int64_t>(), e[1].get<double>());
  }
  std::array<uint64_t, 4> words{};
  if (!g.is_array() || g.size() != words.size())
    throw Error(path + ": metadata \"generator\" must be a list of " + std::to_string(words.size()) +
                " decimal words, got " + g.dump().substr(0, 200));
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string text = g[i].is_string() ? g[i].get<std::string>() : "";
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), words[i]);
    if (text.empty() || ec != std::errc() || p != text.data() + text.size())
      throw Error(path + ": metadata \"generator\" word " + std::to_string(i) +
                  " is not a 64-bit unsigned integer: " + g[i].dump());
  }
  if (words == std::array<uint64_t, 4>{})
    throw Error(path + ": metadata \"generator\" is all zeros, which is not a state xoshiro256** can be in");
  // the model's tensors and the optimizer's; both checked before either is changed, so a refused
  // resume changes nothing
  NamedTensors weights, opt_state;
  for (const auto& [name, t] : checkpoint.tensors)
    (name.starts_with(kOptimizer) ? opt_state : weights).emplace_back(name.substr(name.starts_with(kOptimizer) ? kOptimizer.size() : 0), t);
  const bool stateless = o.optimizer == OptimizerKind::Sgd;  // plain SGD keeps nothing between steps
  if (opt && opt_state.empty() && !stateless)
    throw Error(path + ": holds no optimizer state (\"" + kOptimizer + "*\" tensors), which " + opt->name() +
                " needs to resume exactly");
  Generator unused(0);
  try {
    auto probe = makemore::make_model(o.model, unused);  // the model's shapes, to check against
    probe->load_state(weights);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  if (opt && !opt_state.empty()) {
    try {
      opt->load_state(opt_state);  // checks every name, shape and dtype before it keeps any
    } catch (const Error& e) {
      throw Error(path + ": " + e.what());
    }
  }
  model.load_state(weights);
  gen.set_state(words);
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
