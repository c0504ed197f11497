// Loading a forecaster the forecast app trained (forecast_trained.h): configuration, columns and
// scaler from the checkpoint's metadata (written by apps/forecast/training.cpp), weights from its
// tensors.
#include "models/forecast_trained.h"

#include <cstdint>
#include <filesystem>
#include <utility>

#include "layers/checkpoint.h"
#include "layers/metadata_json.h"
#include "models/forecast_quantile.h"
#include "models/wavenet.h"

namespace ripple::forecast {

namespace {

using json = nlohmann::json;

// A lower bound of the weights the model `c` describes holds: the products of sizes that are the
// shape of at least one of its weight matrices. Every size make_model allocates from is a factor
// of one of them, so a bound checked against the numbers of the tensors actually present caps
// what building the model can allocate.
double weights_at_least(const ModelConfig& c) {
  const auto W = static_cast<double>(c.window), F = static_cast<double>(c.features),
             E = static_cast<double>(c.outputs);
  if (c.kind == "linear" || c.kind == "nlinear") return W * F * E;  // Dense(W * F -> E)
  if (c.kind == "dlinear") return 2 * W * F * E;                   // two of them
  if (c.kind == "wavenet") {  // input conv F -> C, blocks C -> 2C, head C -> E, linear path
    const auto C = static_cast<double>(c.channels);
    const auto blocks = static_cast<double>(c.stacks * layers_for_window(c.window, c.stacks));
    return F * C + blocks * 2 * C * C + C * E + (c.direct && c.linear_path ? W * F * E : 0.0);
  }
  // tutorial, laststep, seq2seq: convs F -> f and f -> f, an output f -> E
  const auto f = static_cast<double>(c.filters ? c.filters : c.kind == "seq2seq" ? 20 : 64);
  return F * f + f * f + f * E;
}

// The sizes of the configuration, checked before the model is built from them: each in range,
// and the weights they imply no more than the numbers its tensors hold (so a corrupt or hostile
// "config" cannot make the loader allocate more memory than the file holds).
void check_sizes(const ModelConfig& c, int64_t horizon, uint64_t numbers) {
  const std::pair<const char*, int64_t> sizes[] = {{"window", c.window}, {"model_features", c.features},
                                                   {"outputs", c.outputs}, {"horizon", horizon}};
  for (const auto& [name, v] : sizes)
    if (v < 1 || v > (int64_t{1} << 24))
      throw Error("\"config\" field \"" + std::string(name) + "\" must be in [1, 2^24], got " + std::to_string(v));
  const std::pair<const char*, int64_t> counts[] = {{"filters", c.filters}, {"channels", c.channels}};
  for (const auto& [name, v] : counts)
    if (v < 0 || v > (int64_t{1} << 24))
      throw Error("\"config\" field \"" + std::string(name) + "\" must be in [0, 2^24], got " + std::to_string(v));
  if (c.stacks < 1 || c.stacks > 64)
    throw Error("\"config\" field \"stacks\" must be in [1, 64], got " + std::to_string(c.stacks));
  const double weights = weights_at_least(c);
  if (weights > static_cast<double>(numbers))
    throw Error("its \"config\" (model " + c.kind + ", window " + std::to_string(c.window) + ", model_features " +
                std::to_string(c.features) + ", outputs " + std::to_string(c.outputs) + ", filters " +
                std::to_string(c.filters) + ", channels " + std::to_string(c.channels) + ", stacks " +
                std::to_string(c.stacks) + ") describes at least " + std::to_string(static_cast<uint64_t>(weights)) +
                " weights, more than the " + std::to_string(numbers) + " numbers of its tensors");
}

// cfg[field] as T (metadata_json.h), the field named in the error.
template <class T>
T config(const json& cfg, const char* field) {
  return metadata_field<T>(cfg, "config", field);
}

// The elements of all the tensors of a checkpoint (each was checked against the file's size).
uint64_t elements(const NamedTensors& tensors) {
  uint64_t n = 0;
  for (const auto& [name, t] : tensors) n += static_cast<uint64_t>(t.numel());
  return n;
}

}  // namespace

TrainedForecaster load_trained(const Checkpoint& c, const std::string& name) {
  TrainedForecaster t;
  try {
    if (!c.metadata.count("config") || !c.metadata.count("scaler"))
      throw Error("no \"config\" and \"scaler\" metadata: not a checkpoint of the forecast app");
    const json cfg = parse_metadata_object(c.metadata, "config");
    if (!cfg.contains("columns"))
      throw Error("no column names in its configuration: it was written by a ripple that could not "
                  "forecast from a checkpoint; train it again");
    const json scaler = parse_metadata_object(c.metadata, "scaler");
    t.scaler.mean = metadata_field<std::vector<double>>(scaler, "scaler", "mean");
    t.scaler.stddev = metadata_field<std::vector<double>>(scaler, "scaler", "stddev");
    t.columns = config<std::vector<std::string>>(cfg, "columns");
    t.time_column = config<std::string>(cfg, "time_column");
    t.features = config<std::vector<std::string>>(cfg, "features");
    t.target = config<std::string>(cfg, "target");
    t.channel_independent = config<bool>(cfg, "channel_independent");
    t.horizon = config<int64_t>(cfg, "horizon");
    if (t.scaler.mean.size() != t.features.size() || t.scaler.stddev.size() != t.features.size())
      throw Error("the scaler has " + std::to_string(t.scaler.mean.size()) + " columns, the inputs " +
                  std::to_string(t.features.size()));
    t.config = {.kind = config<std::string>(cfg, "model"), .window = config<int64_t>(cfg, "window"),
                .features = config<int64_t>(cfg, "model_features"), .outputs = config<int64_t>(cfg, "outputs"),
                .filters = config<int64_t>(cfg, "filters"), .channels = config<int64_t>(cfg, "channels"),
                .stacks = config<int64_t>(cfg, "stacks"), .direct = config<bool>(cfg, "direct"),
                .linear_path = config<bool>(cfg, "linear_path")};
    t.norm = parse_norm(config<std::string>(cfg, "norm"));
    check_sizes(t.config, t.horizon, elements(c.tensors));
    Generator unused(0);  // the weights are overwritten by the checkpoint's
    if (cfg.contains("calendar")) {
      t.calendar = config<std::vector<std::string>>(cfg, "calendar");
      t.calendar_shift = config<int64_t>(cfg, "calendar_shift");
    }
    t.model = normalized(make_model(t.config, unused), t.norm, t.config.features,
                         static_cast<int64_t>(t.calendar.size()));
    if (cfg.contains("quantiles")) t.quantiles = config<std::vector<double>>(cfg, "quantiles");
    if (!t.quantiles.empty()) t.model = std::make_shared<QuantileForecaster>(t.model, t.quantiles);
    NamedTensors weights;  // without the training state
    for (auto& [tensor_name, tensor] : c.tensors)
      if (!tensor_name.starts_with(kTrainingStatePrefix)) weights.emplace_back(tensor_name, tensor);
    t.model->load_state(weights);
  } catch (const Error& e) {
    throw Error(name + ": " + e.what());
  }
  return t;
}

TrainedForecaster load_trained(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / "model.safetensors").string();
  return load_trained(load_safetensors(path), path);  // load_safetensors names the file
}

}  // namespace ripple::forecast
