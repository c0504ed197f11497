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
  std::vector<std::string> columns;    // every column of the CSV, as its header has them
  bool all_targets = false;            // --target all: examples stacked column by column
  // CSV only: the scaled series (T, F), the series as read (T, F) float64, the rows of the
  // training split [0, train_rows), the time column's name and cells ("" / empty if none).
  Tensor values, original;
  int64_t train_rows = 0;
  std::string time_column;
  std::vector<std::string> times;
  std::vector<std::string> calendar;   // --calendar: the features after the columns' (calendar.h)
  std::string description;             // one line for the console

  // F: the inputs the model sees per step (1 for --target all with channel independence), the
  // calendar features included.
  int64_t model_features() const { return train.features(); }
  // The errors' scale on the original data (the target's stddev); 1 when the errors average
  // over columns of different units (--target all).
  double target_scale() const { return all_targets ? 1.0 : scaler.target_scale(); }

  // The columns forecast: the target, or every column (--target all), in the order their
  // examples are stacked.
  std::vector<std::string> target_columns() const;
  // Targets or forecasts (N, H) of a split back to the original scale, each target column with
  // its own scaler statistics (--target all: rows [c * N / F, (c + 1) * N / F) are column c).
  Tensor original_scale(const Tensor& y) const;
  // The MASE denominators of target_columns() (models/forecast_metrics.h): the mean absolute
  // change over `period` steps in the training rows, original scale; synthetic: within each
  // training series (its window and targets).
  std::vector<double> mase_scales(int64_t period) const;
};

// Generates the synthetic series or reads the CSV, splits, scales and windows it. Throws
// apps::DataError for a missing or malformed file (with its line and column), an unknown
// column, or a series too short for window + horizon; ripple::Error for a bad split.
ForecastData load_forecast_data(const ForecastOptions& o);

}  // namespace ripple::apps
