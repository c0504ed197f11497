// The forecast app's options, data loading and training run, separated from main() so the tests
// can drive them (tests/models/test_forecast.cpp).
//
//   apps::ForecastOptions o;                  // the tutorial: synthetic data, model "tutorial"
//   o.series = 300;
//   apps::ForecastData data = apps::load_forecast_data(o);
//   auto model = apps::make_forecaster(o, data, gen);
//   forecast::TrainResult r = apps::train_forecaster(o, *model, data, gen, {});
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/generator.h"
#include "models/forecast_data.h"
#include "models/forecast_models.h"
#include "models/forecast_train.h"

namespace ripple::apps {

struct ForecastOptions {
  std::string data = "synthetic";     // "synthetic" or a CSV file
  std::string target;                 // CSV: the column to forecast (default: the first numeric one)
  std::vector<std::string> features;  // CSV: input columns; empty = the target only; {"all"}
  bool fill = false;                  // CSV: forward-fill empty cells
  std::string model = "tutorial";
  int64_t window = 50, horizon = 1;
  int64_t emit = 0;                   // steps the model forecasts at once; 0 = horizon
  int64_t epochs = 5, batch = 32, seed = 42, threads = 1;
  double lr = 1e-3;
  double final_lr_fraction = 1;       // cosine decay of the lr down to this fraction
  std::vector<double> split = {0.7, 0.2, 0.1};
  int64_t series = 10000;             // synthetic: number of series
  int64_t season = 0;                 // period of the seasonal naive baseline; 0 = none
  int64_t backtest = 0;               // rolling-origin stride over the test split; 0 = none
  int64_t channels = 32, stacks = 2;  // wavenet
  int64_t filters = 0;                // tutorial/laststep/seq2seq; 0 = the model's default
  int64_t linear_epochs = 20;         // the linear baseline's training
  std::string out = "out/forecast";
  bool predict = false;
  std::string metrics;

  int64_t emitted() const { return emit > 0 ? emit : horizon; }
  // Target steps each example needs: enough for the horizon and for training E outputs.
  int64_t target_steps() const { return std::max(horizon, emitted()); }
};

// Throws UsageError ("forecast: --window must be at least 1") for out-of-range options.
void check_forecast_options(const ForecastOptions& o);

struct ForecastData {
  forecast::Dataset train, val, test;  // targets cover o.target_steps() steps
  forecast::Scaler scaler;             // identity for the synthetic data
  bool synthetic = true;
  std::string target;                  // the target column ("series" for the synthetic data)
  std::vector<std::string> features;   // input columns, the target first
  // CSV only: the scaled series (T, F), the time column's name and cells ("" / empty if none).
  Tensor values;
  std::string time_column;
  std::vector<std::string> times;
  std::string description;             // one line for the console
};

// Generates the synthetic series or reads the CSV, splits, scales and windows it. Throws
// apps::DataError for a missing or malformed file (with its line and column), an unknown
// column, or a series too short for window + horizon; ripple::Error for a bad split.
ForecastData load_forecast_data(const ForecastOptions& o);

// The model o.model for the data's features, window and o.emitted() outputs.
forecast::ModelConfig forecast_model_config(const ForecastOptions& o, const ForecastData& data);
std::shared_ptr<forecast::Forecaster> make_forecaster(const ForecastOptions& o, const ForecastData& data,
                                                      Generator& gen);

// Trains with the Keras recipe (Adam with eps 1e-7, MSE, batch o.batch, o.epochs epochs, the
// training set reshuffled each epoch). `hooks` carries the progress callbacks and Ctrl-C poll.
forecast::TrainResult train_forecaster(const ForecastOptions& o, forecast::Forecaster& model,
                                       const ForecastData& data, Generator& gen,
                                       const forecast::TrainOptions& hooks);

}  // namespace ripple::apps
