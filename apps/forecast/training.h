// The forecast app's model: built from the options and the data, trained with the Keras recipe,
// saved with its configuration and scaler.
//
//   auto model = apps::make_forecaster(o, data, gen);
//   forecast::TrainResult r = apps::train_forecaster(o, *model, data, gen);
//   apps::save_forecaster(run.checkpoint(), *model, o, data, r);
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "apps/forecast/data.h"
#include "core/generator.h"
#include "layers/checkpoint.h"
#include "models/forecast_models.h"
#include "models/forecast_train.h"

namespace ripple::apps {

// The model o.model for the data's features, window and o.emitted() outputs (times the number
// of --quantiles levels), inside the per-window normalisation o.norm_used()
// (models/forecast_norm.h) unless that is "none", and that inside a QuantileForecaster
// (models/forecast_quantile.h) with --quantiles.
forecast::ModelConfig forecast_model_config(const ForecastOptions& o, const ForecastData& data);
std::shared_ptr<forecast::Forecaster> make_forecaster(const ForecastOptions& o, const ForecastData& data,
                                                      Generator& gen);

// The Keras recipe with the flags' epochs, batch, learning rate, its decays and early stopping
// (Adam with eps 1e-7, MSE, the training set reshuffled each epoch).
forecast::TrainConfig train_config(const ForecastOptions& o);
// forecast::fit on the training and validation windows with train_config(o); `callbacks` report
// progress, poll for Ctrl-C and save the state at every epoch's end; `resume` continues a run
// (apps/forecast/resume.h); `group`, the processes of a data-parallel run (apps/common/ranks.h).
forecast::TrainResult train_forecaster(const ForecastOptions& o, forecast::Forecaster& model,
                                       const ForecastData& data, Generator& gen,
                                       const forecast::TrainCallbacks& callbacks = {},
                                       const forecast::FitState* resume = nullptr,
                                       Collective* group = nullptr);

// The configuration a checkpoint keeps as its "config" metadata: the model's kind and sizes, the
// columns, the data file and the main training flags (what load_trained reads back).
nlohmann::json checkpoint_config(const ForecastOptions& o, const ForecastData& data);

// Writes the checkpoint: the weights, the configuration, the scaler and the losses per epoch.
void save_forecaster(const std::string& path, const forecast::Forecaster& model,
                     const ForecastOptions& o, const ForecastData& data,
                     const forecast::TrainResult& result);
// The same with `tensors` in place of the model's weights (a resumable checkpoint adds its
// training state to them) and more metadata.
void save_forecaster(const std::string& path, const NamedTensors& tensors, const ForecastOptions& o,
                     const ForecastData& data, const forecast::TrainResult& result, Metadata metadata = {});

}  // namespace ripple::apps
