// The forecast app's model construction, training run and checkpoint.
#include "apps/forecast/training.h"

#include <nlohmann/json.hpp>

#include "apps/common/run.h"
#include "models/forecast_norm.h"
#include "models/forecast_quantile.h"

namespace ripple::apps {

using json = nlohmann::json;

json checkpoint_config(const ForecastOptions& o, const ForecastData& d) {
  const forecast::ModelConfig m = forecast_model_config(o, d);
  return {{"model", m.kind}, {"window", m.window}, {"features", d.features}, {"target", d.target},
          {"model_features", m.features}, {"columns", d.columns}, {"time_column", d.time_column},
          {"channel_independent", d.all_targets && o.channel_independent},
          {"norm", o.norm_used()}, {"direct", m.direct}, {"linear_path", m.linear_path}, {"outputs", m.outputs},
          {"horizon", o.horizon}, {"filters", m.filters}, {"channels", m.channels},
          {"stacks", m.stacks}, {"quantiles", o.quantiles}, {"calendar", d.calendar},
          {"calendar_shift", o.target_steps()}, {"data", o.data}, {"epochs", o.epochs}, {"batch", o.batch}, {"lr", o.lr},
          {"seed", o.seed}};
}

forecast::ModelConfig forecast_model_config(const ForecastOptions& o, const ForecastData& data) {
  return {.kind = o.model, .window = o.window, .features = data.model_features(),
          .outputs = o.emitted() * std::max<int64_t>(1, static_cast<int64_t>(o.quantiles.size())),
          .filters = o.filters, .channels = o.channels, .stacks = o.stacks_used(),
          .direct = o.model == "wavenet" && o.head_used() == "direct",
          .linear_path = o.linear_path};
}

std::shared_ptr<forecast::Forecaster> make_forecaster(const ForecastOptions& o, const ForecastData& data,
                                                      Generator& gen) {
  auto model = forecast::normalized(forecast::make_model(forecast_model_config(o, data), gen),
                                    forecast::parse_norm(o.norm_used()), data.model_features(),
                                    static_cast<int64_t>(data.calendar.size()));
  if (o.quantiles.empty()) return model;
  return std::make_shared<forecast::QuantileForecaster>(model, o.quantiles);
}

forecast::TrainConfig train_config(const ForecastOptions& o) {
  return {.epochs = o.epochs, .batch = o.batch, .lr = o.lr, .final_lr_fraction = o.final_lr_fraction,
          .epoch_decay = o.lr_decay, .patience = o.patience};
}

forecast::TrainResult train_forecaster(const ForecastOptions& o, forecast::Forecaster& model,
                                       const ForecastData& data, Generator& gen,
                                       const forecast::TrainCallbacks& callbacks,
                                       const forecast::FitState* resume, Collective* group) {
  forecast::TrainConfig config = train_config(o);
  config.group = group;
  return forecast::fit(model, data.train, data.val, config, gen, callbacks, resume);
}

void save_forecaster(const std::string& path, const forecast::Forecaster& model,
                     const ForecastOptions& o, const ForecastData& d, const forecast::TrainResult& r) {
  save_forecaster(path, model.state(), o, d, r);
}

void save_forecaster(const std::string& path, const NamedTensors& tensors, const ForecastOptions& o,
                     const ForecastData& d, const forecast::TrainResult& r, Metadata metadata) {
  metadata["config"] = checkpoint_config(o, d).dump();
  metadata["scaler"] = json{{"mean", d.scaler.mean}, {"stddev", d.scaler.stddev}}.dump();
  metadata["train_loss"] = json(r.train_loss).dump();
  metadata["val_mse"] = json(r.val_mse).dump();
  save_safetensors(path, tensors, metadata);
}

}  // namespace ripple::apps
