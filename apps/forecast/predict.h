// --predict-only: the forecast after the last row of a CSV, from the model a run saved.
//
//   forecast::TrainedForecaster t = forecast::load_trained("out/forecast");
//   apps::FutureForecast f = apps::forecast_after(t, apps::read_csv("new.csv"), false);
//   apps::PredictionFiles files = apps::predict_from_checkpoint(o, std::cout);  // does all of it
//
// The new rows are scaled with the run's scaler (fitted on its training rows), so a CSV equal to
// the run's gives exactly the run's own forecast beyond the data (--predict, rows "future").
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "apps/forecast/csv.h"
#include "apps/forecast/options.h"
#include "apps/forecast/report.h"
#include "models/forecast_trained.h"

namespace ripple::apps {

// The forecast of the steps after the last row, on the original scale.
struct FutureForecast {
  std::vector<std::string> targets;          // the columns forecast (every column: target "all")
  std::vector<std::vector<double>> values;   // values[c][k]: targets[c], k + 1 steps after the end
  std::vector<std::string> times;            // the time column continued (dates.h), or empty
  std::vector<std::string> row_times;        // the time column of the CSV's rows, or empty
  std::vector<double> levels;                // the quantile levels, or empty
  std::vector<std::vector<std::vector<double>>> quantiles;  // [c][i][k]: targets[c], level i
  int64_t rows = 0;                          // T, the rows of the CSV
  std::vector<std::vector<double>> history;  // history[c]: targets[c] over the last rows shown
  int64_t history_start = 0;                 // the row of history[c][0]
};

// Forecasts t.horizon steps after the last row of `table` (forward-filling empty cells if
// `fill`). Throws DataError naming both sets when the table's columns differ from the run's, and
// when it has fewer rows than the model's window; the CSV errors of numeric_columns otherwise.
FutureForecast forecast_after(forecast::TrainedForecaster& t, const CsvTable& table, bool fill);

// Loads o.out/model.safetensors, forecasts after the last row of o.data, writes o.out/forecast.csv
// (step, the time column if any, one column per target, and per quantile level "q0.1", or
// "<target>_q0.1" with several targets) and o.out/forecast.svg (the recent history and the
// forecast, its interval shaded, dates on the x axis), and says what it did on `log`. Reads the checkpoint, never writes
// it; on any error nothing is written.
PredictionFiles predict_from_checkpoint(const ForecastOptions& o, std::ostream& log);

}  // namespace ripple::apps
