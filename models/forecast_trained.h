/// @file
/// Loading a forecaster the forecast app trained, to forecast new data with it later.
///
/// The app's run folder holds `model.safetensors`: the weights, and as metadata the run's
/// configuration ("config", JSON: the model's kind and sizes, its per-window normalisation, the
/// CSV's columns, its time column, the input and target columns, the horizon) and the z-score
/// scaler fitted on the training rows ("scaler", JSON: mean and stddev per input column). Tensors
/// whose names start with kTrainingStatePrefix are the state `forecast --resume` continues from
/// (Adam's moments, the last epoch's weights) and are not the model's; load_trained skips them.
/// load_trained rebuilds the same model (inside its NormalizedForecaster when the run normalised
/// each window, and that inside a QuantileForecaster when it forecast quantiles) and loads the weights, so that it forecasts exactly as the run's model did:
///
/// @code{.cpp}
///   forecast::TrainedForecaster t = forecast::load_trained("out/forecast");
///   Tensor x = t.scaler.transform(values);                   // values (T, F): t.features, as read
///   Tensor last = reshape(narrow(x, 0, T - t.config.window, t.config.window), {1, t.config.window, F});
///   Tensor y = t.scaler.inverse_target(forecast::forecast_horizon(*t.model, last, t.horizon));
/// @endcode
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "../layers/checkpoint.h"
#include "forecast_data.h"
#include "forecast_models.h"
#include "forecast_norm.h"

namespace ripple::forecast {

/// The names of a checkpoint's training-state tensors start with this ("resume.optimizer.step").
inline constexpr std::string_view kTrainingStatePrefix = "resume.";

/// What load_trained read back.
struct TrainedForecaster {
  std::shared_ptr<Forecaster> model;   ///< with the run's weights
  ModelConfig config;                  ///< of the model inside the normalisation
  Norm norm = Norm::None;              ///< the per-window normalisation around it
  Scaler scaler;                       ///< per column of `features`, in that order
  std::vector<std::string> columns;    ///< every column of the training CSV, as its header has them
  std::string time_column;             ///< "" if the data had none
  std::vector<std::string> features;   ///< the input columns, the target first
  std::string target;                  ///< the column forecast, or "all" (every column of features)
  bool channel_independent = false;    ///< target "all": each column alone through the model
  int64_t horizon = 1;                 ///< the steps the run forecast
  std::vector<std::string> calendar;   ///< the calendar features after the columns (the app's
                                       ///< --calendar), each row's taken `calendar_shift` rows ahead
  int64_t calendar_shift = 0;
  std::vector<double> quantiles;       ///< the quantile levels (model is then a QuantileForecaster
                                       ///< around the normalisation); empty: point forecasts

  bool all_targets() const { return target == "all"; }
};

/// Loads `dir`/model.safetensors. Throws ripple::Error naming the file if it is missing or
/// corrupt (layers/checkpoint.h), was not written by the forecast app, lacks the column names
/// (written by a ripple older than load_trained), or its tensors do not fit the model its
/// configuration describes.
TrainedForecaster load_trained(const std::string& dir);
/// The same from a checkpoint already read (parse_safetensors: from memory); `name` stands for
/// the file in messages.
TrainedForecaster load_trained(const Checkpoint& checkpoint, const std::string& name);

}  // namespace ripple::forecast
