// Loading a forecaster the forecast app trained (forecast_trained.h): configuration, columns and
// scaler from the checkpoint's metadata (written by apps/forecast/training.cpp), weights from its
// tensors.
#include "models/forecast_trained.h"

#include <cstdint>
#include <filesystem>
#include <utility>

#include <nlohmann/json.hpp>

#include "layers/checkpoint.h"
#include "models/forecast_quantile.h"

namespace ripple::forecast {

namespace {

// The sizes of the configuration, checked before the model is built from them: each in range,
// and the weights they imply no more than the file holds (so a corrupt or hostile "config" cannot
// make the loader allocate more memory than the file's size).
void check_sizes(const ModelConfig& c, int64_t horizon, uintmax_t file_bytes) {
  const std::pair<const char*, int64_t> sizes[] = {{"window", c.window}, {"model_features", c.features},
                                                   {"outputs", c.outputs}, {"horizon", horizon}};
  for (const auto& [name, v] : sizes)
    if (v < 1 || v > (int64_t{1} << 24))
      throw Error("\"config\" field \"" + std::string(name) + "\" must be in [1, 2^24], got " + std::to_string(v));
  const double budget = static_cast<double>(file_bytes) / 4;  // float32 weights
  const auto f = static_cast<double>(c.filters), ch = static_cast<double>(c.channels);
  // lower bounds of the weights each kind holds: a 1x1 conv of its width, a Dense of the window
  const bool linear = c.kind == "linear" || c.kind == "nlinear" || c.kind == "dlinear";
  if (c.filters < 0 || c.channels < 0 || c.stacks < 0 || c.stacks > 64 ||
      (c.kind == "wavenet" && ch * ch > budget) || (!linear && c.kind != "wavenet" && f * f > budget) ||
      (linear && static_cast<double>(c.window) * static_cast<double>(c.outputs) > budget))
    throw Error("its \"config\" (filters " + std::to_string(c.filters) + ", channels " + std::to_string(c.channels) +
                ", stacks " + std::to_string(c.stacks) + ", window " + std::to_string(c.window) +
                ") describes more weights than the " + std::to_string(file_bytes) + " bytes of the file hold");
}

}  // namespace

TrainedForecaster load_trained(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "model.safetensors").string();
  Checkpoint c = load_safetensors(path);  // names the file when it is missing or corrupt
  TrainedForecaster t;
  try {
    if (!c.metadata.count("config") || !c.metadata.count("scaler"))
      throw Error("no \"config\" and \"scaler\" metadata: not a checkpoint of the forecast app");
    const auto cfg = nlohmann::json::parse(c.metadata.at("config"));
    if (!cfg.contains("columns"))
      throw Error("no column names in its configuration: it was written by a ripple that could not "
                  "forecast from a checkpoint; train it again");
    const auto scaler = nlohmann::json::parse(c.metadata.at("scaler"));
    t.scaler.mean = scaler.at("mean").get<std::vector<double>>();
    t.scaler.stddev = scaler.at("stddev").get<std::vector<double>>();
    t.columns = cfg.at("columns").get<std::vector<std::string>>();
    t.time_column = cfg.at("time_column").get<std::string>();
    t.features = cfg.at("features").get<std::vector<std::string>>();
    t.target = cfg.at("target").get<std::string>();
    t.channel_independent = cfg.at("channel_independent").get<bool>();
    t.horizon = cfg.at("horizon").get<int64_t>();
    if (t.scaler.mean.size() != t.features.size() || t.scaler.stddev.size() != t.features.size())
      throw Error("the scaler has " + std::to_string(t.scaler.mean.size()) + " columns, the inputs " +
                  std::to_string(t.features.size()));
    t.config = {.kind = cfg.at("model").get<std::string>(), .window = cfg.at("window").get<int64_t>(),
                .features = cfg.at("model_features").get<int64_t>(), .outputs = cfg.at("outputs").get<int64_t>(),
                .filters = cfg.at("filters").get<int64_t>(), .channels = cfg.at("channels").get<int64_t>(),
                .stacks = cfg.at("stacks").get<int64_t>(), .direct = cfg.at("direct").get<bool>(),
                .linear_path = cfg.at("linear_path").get<bool>()};
    t.norm = parse_norm(cfg.at("norm").get<std::string>());
    check_sizes(t.config, t.horizon, std::filesystem::file_size(path));
    Generator unused(0);  // the weights are overwritten by the checkpoint's
    if (cfg.contains("calendar")) {
      t.calendar = cfg.at("calendar").get<std::vector<std::string>>();
      t.calendar_shift = cfg.at("calendar_shift").get<int64_t>();
    }
    t.model = normalized(make_model(t.config, unused), t.norm, t.config.features,
                         static_cast<int64_t>(t.calendar.size()));
    if (cfg.contains("quantiles")) t.quantiles = cfg.at("quantiles").get<std::vector<double>>();
    if (!t.quantiles.empty()) t.model = std::make_shared<QuantileForecaster>(t.model, t.quantiles);
    NamedTensors weights;  // without the training state
    for (auto& [name, tensor] : c.tensors)
      if (!name.starts_with(kTrainingStatePrefix)) weights.emplace_back(name, tensor);
    t.model->load_state(weights);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": malformed forecast metadata: " + e.what());
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  return t;
}

}  // namespace ripple::forecast
