// The forecast app's resumable checkpoints (resume.h).
#include "apps/forecast/resume.h"

#include <charconv>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "apps/forecast/training.h"
#include "layers/checkpoint.h"
#include "layers/metadata_json.h"
#include "models/forecast_trained.h"

namespace ripple::apps {
namespace {

using json = nlohmann::json;

const std::string kPrefix(forecast::kTrainingStatePrefix);
const std::string kOptimizer = kPrefix + "optimizer.", kWeights = kPrefix + "weights.";

// What a resumed run must share with the run it continues: the checkpoint's configuration but
// --epochs, the other training flags, and the data as the run saw them (the training and
// validation windows, the scaler fitted on the training rows).
json run_identity(const ForecastOptions& o, const ForecastData& d) {
  json run = checkpoint_config(o, d);
  run.erase("epochs");
  run.update({{"final_lr", o.final_lr_fraction}, {"lr_decay", o.lr_decay}, {"patience", o.patience},
              {"split", o.split}, {"series", o.series}, {"train_windows", d.train.size()},
              {"val_windows", d.val.size()}, {"data_mean", d.scaler.mean}, {"data_stddev", d.scaler.stddev}});
  return run;
}

// "window 14 (now 7), lr 0.001 (now 0.01)": the entries of `saved` and `now` that differ.
std::string differences(const json& saved, const json& now) {
  std::string out;
  auto add = [&](const std::string& key) {
    const json was = saved.contains(key) ? saved.at(key) : json(nullptr);
    const json is = now.contains(key) ? now.at(key) : json(nullptr);
    if (was != is) out += (out.empty() ? "" : ", ") + key + " " + was.dump() + " (now " + is.dump() + ")";
  };
  for (const auto& [key, value] : now.items()) add(key);
  for (const auto& [key, value] : saved.items())
    if (!now.contains(key)) add(key);
  return out;
}

// state[field] as T (layers/metadata_json.h), the field named in the error.
template <class T>
T state_field(const json& state, const char* field) {
  return metadata_field<T>(state, "fit_state", field);
}

void append(NamedTensors& to, const std::string& prefix, const NamedTensors& tensors) {
  for (const auto& [name, t] : tensors) to.emplace_back(prefix + name, t);
}

}  // namespace

void save_fit_state(const std::string& path, const forecast::FitState& s, const ForecastOptions& o,
                    const ForecastData& d) {
  // the model's weights as load_trained reads them: with early stopping, the best epoch's
  NamedTensors tensors = s.best.empty() ? s.weights : s.best;
  if (!s.best.empty()) append(tensors, kWeights, s.weights);
  append(tensors, kOptimizer, s.optimizer);
  std::vector<std::string> generator;
  for (uint64_t w : s.generator) generator.push_back(std::to_string(w));
  const json state = {{"epoch", s.epoch}, {"epoch_lr", s.epoch_lr}, {"generator", generator},
                      {"seconds", s.result.seconds}, {"cpu_seconds", s.result.cpu_seconds},
                      {"best_epoch", s.result.best_epoch}, {"best_val_mse", s.result.best_val_mse},
                      {"run", run_identity(o, d)}};
  save_forecaster(path, tensors, o, d, s.result, {{"fit_state", state.dump()}});
}

forecast::FitState load_fit_state(const std::string& path, const ForecastOptions& o, const ForecastData& d) {
  if (!std::filesystem::exists(path))
    throw Error(path + ": no checkpoint to resume from (train without --resume first)");
  const Checkpoint c = load_safetensors(path);  // names the file when it is corrupt
  if (!c.metadata.count("config") || !c.metadata.count("fit_state"))
    throw Error(path + ": has no training state to resume from: it was not written by a forecast run, "
                "or by one older than --resume");
  forecast::FitState s;
  try {
    const json state = parse_metadata_object(c.metadata, "fit_state");
    const json config = parse_metadata_object(c.metadata, "config");
    if (!state.contains("run") || !state.at("run").is_object())
      throw Error("metadata \"fit_state\" field \"run\" must be a JSON object");
    const std::string changed = differences(state.at("run"), run_identity(o, d));
    if (!changed.empty())
      throw Error("was trained with other flags or data: " + changed + "; resume with the flags it was trained with");
    s.epoch = state_field<int64_t>(state, "epoch");
    const int64_t planned = metadata_field<int64_t>(config, "config", "epochs");
    if (s.epoch < 0 || o.epochs < s.epoch)
      throw Error("has trained " + std::to_string(s.epoch) + " epochs, more than --epochs " +
                  std::to_string(o.epochs) + "; resume with --epochs " + std::to_string(s.epoch) + " or more");
    if (o.final_lr_fraction != 1 && o.epochs != planned)
      throw Error("was trained for --epochs " + std::to_string(planned) + " with --final-lr " +
                  json(o.final_lr_fraction).dump() + ", whose cosine spans all the epochs; resume with --epochs " +
                  std::to_string(planned));
    s.epoch_lr = state_field<double>(state, "epoch_lr");
    const auto generator = state_field<std::vector<std::string>>(state, "generator");
    if (generator.size() != s.generator.size())
      throw Error("metadata \"fit_state\" field \"generator\" must be a list of 4 decimal words");
    for (size_t i = 0; i < generator.size(); ++i) {
      const std::string& text = generator[i];
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), s.generator[i]);
      if (text.empty() || ec != std::errc() || p != text.data() + text.size())
        throw Error("metadata \"fit_state\" field \"generator\" word " + std::to_string(i) +
                    " is not a 64-bit unsigned integer");
    }
    if (s.generator == decltype(s.generator){})
      throw Error("metadata \"fit_state\" field \"generator\" is all zeros, which is not a state xoshiro256** "
                  "can be in");
    s.result.train_loss = metadata_value<std::vector<double>>(parse_metadata(c.metadata, "train_loss"),
                                                              "metadata \"train_loss\"");
    s.result.val_mse = metadata_value<std::vector<double>>(parse_metadata(c.metadata, "val_mse"),
                                                           "metadata \"val_mse\"");
    s.result.seconds = state_field<std::vector<double>>(state, "seconds");
    s.result.cpu_seconds = state_field<std::vector<double>>(state, "cpu_seconds");
    s.result.best_epoch = state_field<int64_t>(state, "best_epoch");
    s.result.best_val_mse = state_field<double>(state, "best_val_mse");
    if (static_cast<int64_t>(s.result.train_loss.size()) != s.epoch)
      throw Error("its losses cover " + std::to_string(s.result.train_loss.size()) + " epochs, not " +
                  std::to_string(s.epoch));
    if (s.result.best_epoch < 0 || s.result.best_epoch > s.epoch)
      throw Error("metadata \"fit_state\" field \"best_epoch\" must be in [0, " + std::to_string(s.epoch) +
                  "], got " + std::to_string(s.result.best_epoch));
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  NamedTensors model;  // the tensors without a prefix
  for (const auto& [name, t] : c.tensors) {
    if (name.starts_with(kOptimizer)) s.optimizer.emplace_back(name.substr(kOptimizer.size()), t);
    else if (name.starts_with(kWeights)) s.weights.emplace_back(name.substr(kWeights.size()), t);
    else model.emplace_back(name, t);
  }
  // with early stopping the model's tensors are the best epoch's and the last are kept apart
  (s.weights.empty() ? s.weights : s.best) = std::move(model);
  return s;
}

}  // namespace ripple::apps
