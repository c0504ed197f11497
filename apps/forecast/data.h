// The forecast app's data: the tutorial's synthetic series or a CSV, split, scaled and cut into
// windows.
//
//   apps::ForecastOptions o;                  // the tutorial: synthetic data
//   o.series = 300;
//   apps::ForecastData data = apps::load_forecast_data(o);
#pragma once

#include <string>
#include <vector>

#include "apps/forecast/options.h"
#include "models/forecast_data.h"

namespace ripple::apps {

struct ForecastData {
  forecast::Dataset train, val, test;  // targets cover o.target_steps() steps
  forecast::Scaler scaler;             // identity for the synthetic data
  bool synthetic = true;
  std::string target;                  // the target column ("series" for the synthetic data)
  std::vector<std::string> features;   // input columns, the target first (every column: all)
  bool all_targets = false;            // --target all: examples stacked column by column
  // CSV only: the scaled series (T, F), the time column's name and cells ("" / empty if none).
  Tensor values;
  std::string time_column;
  std::vector<std::string> times;
  std::string description;             // one line for the console

  // F: the input columns the model sees (1 for --target all with channel independence).
  int64_t model_features() const { return train.features(); }
  // The errors' scale on the original data (the target's stddev); 1 when the errors average
  // over columns of different units (--target all).
  double target_scale() const { return all_targets ? 1.0 : scaler.target_scale(); }
};

// Generates the synthetic series or reads the CSV, splits, scales and windows it. Throws
// apps::DataError for a missing or malformed file (with its line and column), an unknown
// column, or a series too short for window + horizon; ripple::Error for a bad split.
ForecastData load_forecast_data(const ForecastOptions& o);

}  // namespace ripple::apps
